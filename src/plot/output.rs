//! Writing rendered figures: PNG (drawn at 2x and downsampled for smooth lines) and SVG.

use std::path::Path;

use plotters::prelude::*;

use super::font::ensure_font;
use super::layout::{figure_size, validate};
use super::render::{draw_err, draw_figure};
use super::{Figure, PlotError};

/// Figures up to this many pixels are supersampled 2x; larger ones are drawn at 1x to bound memory.
const SUPERSAMPLE_MAX_PIXELS: u64 = 8_000_000;

/// Renders `fig` as a PNG image with a white background and writes it to `path`.
///
/// The image is [`figure_size`] pixels. It is drawn at twice that size and averaged down, which
/// anti-aliases lines and band edges. Any extension works for `path` (e.g. a `.tmp` file that the
/// caller renames into place). Errors: an invalid figure, a font or drawing failure, or I/O.
pub fn render_png(fig: &Figure, path: &Path) -> Result<(), PlotError> {
    let (w, h, rgb) = render_rgb(fig)?;
    write_png(&rgb, w, h, path)
}

/// Renders `fig` as SVG and writes it to `path` (see [`render_svg_string`]).
pub fn render_svg(fig: &Figure, path: &Path) -> Result<(), PlotError> {
    let svg = render_svg_string(fig)?;
    std::fs::write(path, svg).map_err(|source| PlotError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Renders `fig` as an SVG document of [`figure_size`] pixels and returns it.
///
/// Text is written as `<text>` elements (escaped, so titles like "US & allies" stay valid XML)
/// with the font family [`super::FONT_FAMILY`]; layout was measured with the embedded font.
pub fn render_svg_string(fig: &Figure) -> Result<String, PlotError> {
    validate(fig)?;
    ensure_font()?;
    let (w, h) = figure_size(fig);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw_figure(&root, fig, 1)?;
        root.present().map_err(draw_err)?;
    }
    Ok(out)
}

/// Draws `fig` into an RGB buffer of [`figure_size`]; returns (width, height, pixels).
fn render_rgb(fig: &Figure) -> Result<(u32, u32, Vec<u8>), PlotError> {
    validate(fig)?;
    ensure_font()?;
    let (w, h) = figure_size(fig);
    let s: u32 = if u64::from(w) * u64::from(h) <= SUPERSAMPLE_MAX_PIXELS {
        2
    } else {
        1
    };
    let (bw, bh) = (w * s, h * s);
    let mut buf = vec![255u8; bw as usize * bh as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (bw, bh)).into_drawing_area();
        draw_figure(&root, fig, s)?;
        root.present().map_err(draw_err)?;
    }
    Ok((w, h, downsample(&buf, w, h, s)))
}

/// Averages each `s` x `s` block of an RGB buffer of `(w*s, h*s)` pixels into one pixel (rounded
/// half up). Figures are drawn at 2x, so that case has its own loop: it runs for every PNG, and
/// row by row over exact-size chunks it is several times faster than the general one.
pub(crate) fn downsample(big: &[u8], w: u32, h: u32, s: u32) -> Vec<u8> {
    match s {
        1 => big.to_vec(),
        2 => downsample_2x(big, w as usize, h as usize),
        _ => downsample_any(big, w as usize, h as usize, s as usize),
    }
}

/// [`downsample`] for `s` = 2: each output row from a pair of input rows.
fn downsample_2x(big: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = vec![0u8; w * h * 3];
    let row = w * 2 * 3;
    for (pair, line) in big
        .chunks_exact(2 * row)
        .take(h)
        .zip(out.chunks_exact_mut(w * 3))
    {
        let (top, bottom) = pair.split_at(row);
        for ((a, b), px) in top
            .chunks_exact(6)
            .zip(bottom.chunks_exact(6))
            .zip(line.chunks_exact_mut(3))
        {
            for c in 0..3 {
                let sum =
                    u16::from(a[c]) + u16::from(a[c + 3]) + u16::from(b[c]) + u16::from(b[c + 3]);
                px[c] = ((sum + 2) / 4) as u8;
            }
        }
    }
    out
}

/// [`downsample`] for any block size.
fn downsample_any(big: &[u8], w: usize, h: usize, s: usize) -> Vec<u8> {
    let big_w = w * s;
    let mut out = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            for c in 0..3 {
                let mut sum = 0u32;
                for dy in 0..s {
                    let row = (y * s + dy) * big_w;
                    for dx in 0..s {
                        sum += u32::from(big[(row + x * s + dx) * 3 + c]);
                    }
                }
                let n = (s * s) as u32;
                out[(y * w + x) * 3 + c] = ((sum + n / 2) / n) as u8;
            }
        }
    }
    out
}

/// Encodes the RGB buffer as PNG at `path`.
///
/// plotters picks the encoder from the file extension, so for any path not ending in `.png` the
/// image goes to a temporary `.png` file in the same directory, which is then renamed to `path`.
fn write_png(rgb: &[u8], w: u32, h: u32, path: &Path) -> Result<(), PlotError> {
    let io_err = |source| PlotError::Io {
        path: path.to_path_buf(),
        source,
    };
    if path.extension().is_some_and(|e| e == "png") {
        return encode_png(rgb, w, h, path);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".steppe-plot-")
        .suffix(".png")
        .tempfile_in(dir)
        .map_err(io_err)?;
    encode_png(rgb, w, h, tmp.path())?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

fn encode_png(rgb: &[u8], w: u32, h: u32, path: &Path) -> Result<(), PlotError> {
    let mut backend = BitMapBackend::new(path, (w, h));
    backend
        .blit_bitmap((0, 0), (w, h), rgb)
        .map_err(|e| PlotError::Draw(e.to_string()))?;
    backend
        .present()
        .map_err(|e| PlotError::Draw(format!("writing {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::downsample;

    #[test]
    fn downsample_averages_blocks() {
        // 2x2 image of one pixel: black, white, white, white -> 191.
        let big = [0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255];
        assert_eq!(downsample(&big, 1, 1, 2), vec![191, 191, 191]);
    }

    #[test]
    fn downsample_2x_matches_the_general_case() {
        // 5 x 3 output pixels from pseudo-random bytes.
        let (w, h) = (5u32, 3u32);
        let big: Vec<u8> = (0..(w * 2 * h * 2 * 3) as usize)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
            .collect();
        assert_eq!(
            downsample(&big, w, h, 2),
            super::downsample_any(&big, w as usize, h as usize, 2)
        );
    }
}
