//! A small Chrome DevTools Protocol client for browser tests, without Node: headless Chromium
//! started with a debugging port of its own choosing (read from `DevToolsActivePort`), one
//! websocket (tungstenite) to the browser, one page attached in flat mode, commands answered by
//! id and every event kept for the test to inspect.
#![allow(dead_code)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// Chromium, installed from Debian's packages when it is missing and we are root; `None` (after
/// a visible `SKIPPED:` line on stderr) when it cannot be had. `STEPPE_CHROMIUM` may name
/// another binary.
pub fn chromium() -> Option<PathBuf> {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND.get_or_init(find_or_install).clone()
}

fn find_or_install() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("STEPPE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = PathBuf::from("/usr/bin/chromium");
    if path.exists() {
        return Some(path);
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        eprintln!("chromium is missing: installing it with apt-get (Debian's package)");
        let install = || {
            Command::new("apt-get")
                .args(["install", "-y", "-q", "chromium"])
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !install() {
            let _ = Command::new("apt-get")
                .args(["update", "-q"])
                .stdout(Stdio::null())
                .status();
            install();
        }
        if path.exists() {
            return Some(path);
        }
    }
    eprintln!(
        "SKIPPED: headless Chromium is not installed and could not be installed (apt-get install -y chromium, as root); the report's browser checks did not run"
    );
    None
}

/// A running headless Chromium with one page.
pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    ws: WebSocket<TcpStream>,
    next_id: u64,
    session: String,
    /// Every event received so far, as `{method, params, sessionId}`.
    pub events: Vec<Value>,
}

impl Browser {
    /// Starts `chromium` headless with a fresh profile and opens an empty page.
    pub fn launch(chromium: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let log =
            std::fs::File::create(profile.path().join("stderr.log")).map_err(|e| e.to_string())?;
        let child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
        let mut browser_child = Some(child);
        let fail = |child: &mut Option<Child>, msg: String| {
            if let Some(mut c) = child.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
            msg
        };
        let port_file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(60);
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    break (port.trim().to_string(), path.trim().to_string());
                }
            }
            if Instant::now() > deadline {
                let log =
                    std::fs::read_to_string(profile.path().join("stderr.log")).unwrap_or_default();
                return Err(fail(
                    &mut browser_child,
                    format!("Chromium wrote no DevToolsActivePort within 60 s:\n{log}"),
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let stream = TcpStream::connect(format!("127.0.0.1:{port}")).map_err(|e| {
            fail(
                &mut browser_child,
                format!("cannot connect to Chromium: {e}"),
            )
        })?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(|e| e.to_string())?;
        let (ws, _) =
            tungstenite::client(format!("ws://127.0.0.1:{port}{path}"), stream).map_err(|e| {
                fail(
                    &mut browser_child,
                    format!("websocket handshake failed: {e}"),
                )
            })?;
        // Short reads from now on, so that waiting for an event can give up on time.
        ws.get_ref()
            .set_read_timeout(Some(Duration::from_millis(200)))
            .map_err(|e| e.to_string())?;
        let mut b = Browser {
            child: browser_child.take().expect("started"),
            _profile: profile,
            ws,
            next_id: 0,
            session: String::new(),
            events: Vec::new(),
        };
        let target = b.browser_call("Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached = b.browser_call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        )?;
        b.session = attached["sessionId"]
            .as_str()
            .ok_or("no session id")?
            .to_string();
        Ok(b)
    }

    /// Sends a command to the browser itself.
    pub fn browser_call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.send(None, method, params)
    }

    /// Sends a command to the page and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    fn send(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .map_err(|e| format!("{method}: cannot send: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if Instant::now() > deadline {
                return Err(format!("{method}: no answer within 60 s"));
            }
            let Some(v) = self.read()? else { continue };
            if v["id"].as_u64() == Some(id) {
                if let Some(e) = v.get("error") {
                    return Err(format!("{method}: {e}"));
                }
                return Ok(v["result"].clone());
            }
        }
    }

    /// Reads one message, keeping events; `None` when nothing arrived within the read timeout.
    fn read(&mut self) -> Result<Option<Value>, String> {
        match self.ws.read() {
            Ok(Message::Text(t)) => {
                let v: Value = serde_json::from_str(t.as_str()).map_err(|e| e.to_string())?;
                if v.get("method").is_some() {
                    self.events.push(v.clone());
                }
                Ok(Some(v))
            }
            Ok(_) => Ok(None),
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(format!("websocket: {e}")),
        }
    }

    /// Waits for an event of the page named `method`.
    pub fn wait_event(&mut self, method: &str, timeout: Duration) -> Result<Value, String> {
        let start = self.events.len();
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.events[start..].iter().find(|e| e["method"] == method) {
                return Ok(e.clone());
            }
            if Instant::now() > deadline {
                return Err(format!("no {method} within {timeout:?}"));
            }
            self.read()?;
        }
    }

    /// Keeps reading events for `time`.
    pub fn settle(&mut self, time: Duration) -> Result<(), String> {
        let deadline = Instant::now() + time;
        while Instant::now() < deadline {
            self.read()?;
        }
        Ok(())
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    pub fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        )?;
        if let Some(e) = r.get("exceptionDetails") {
            return Err(format!("{expression}: {e}"));
        }
        Ok(r["result"]["value"].clone())
    }

    /// The events named `method`.
    pub fn events_named(&self, method: &str) -> Vec<&Value> {
        self.events
            .iter()
            .filter(|e| e["method"] == method)
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.ws.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Decodes standard base64 (as CDP sends screenshots and PDFs).
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let value = |c: u8| -> Result<u32, String> {
        Ok(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("not base64: {:?}", c as char)),
        } as u32)
    };
    let bytes: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks(4) {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = if c == b'=' { 0 } else { value(c)? };
            n |= v << (18 - 6 * i);
        }
        let all = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&all[..3usize.saturating_sub(pad).min(chunk.len() - 1)]);
    }
    Ok(out)
}
