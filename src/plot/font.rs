//! The embedded DejaVu Sans font, registered with plotters once per process.
//!
//! Embedding the font means rendering needs neither fontconfig nor any system font, and the PNGs
//! look the same on every machine.

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle, register_font};

use super::PlotError;

/// DejaVu Sans 2.37 (Bitstream Vera licence, see `assets/fonts/LICENSE-DejaVu.txt`).
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The family name under which the embedded font is registered and which every text uses.
///
/// It doubles as the CSS `font-family` written into SVG `<text>` elements, so it lists
/// fallbacks with similar metrics for viewers that do not have DejaVu Sans installed.
pub const FONT_FAMILY: &str = "DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif";

/// Registers the embedded font (first call only) and reports whether that succeeded.
pub(crate) fn ensure_font() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        // Bold and other styles fall back to the normal face.
        register_font(FONT_FAMILY, FontStyle::Normal, DEJAVU_SANS).is_ok()
    });
    if ok { Ok(()) } else { Err(PlotError::Font) }
}

/// The font family as plotters wants it.
pub(crate) fn family() -> FontFamily<'static> {
    FontFamily::Name(FONT_FAMILY)
}

/// Width in pixels of `text` in the embedded font at `size` (plotters' size units), for layout
/// that must not depend on the backend (footers, event labels). Falls back to an estimate of
/// 0.6 `size` per character if the font cannot lay the text out.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    let _ = ensure_font();
    FontDesc::new(family(), size, FontStyle::Normal)
        .box_size(text)
        .map(|(w, _)| f64::from(w))
        .unwrap_or_else(|_| 0.6 * size * text.chars().count() as f64)
}
