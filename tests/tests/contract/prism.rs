//! A Prism process owned by one test: started on a free port of 127.0.0.1, ready once the port
//! answers, and killed when the guard is dropped (also while a failing test unwinds).
//!
//! Prism runs under a small `sh` watchdog whose standard input is a pipe from this process. The
//! guard closes the pipe when it is dropped; if the test binary dies without unwinding (killed,
//! aborted), the kernel closes the pipe instead. Either way the watchdog reads end-of-file and
//! kills Prism, so no Prism outlives the tests.

use std::fs::File;
use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::repo_root;

/// How long Prism may take to load the schema and open its port.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// How long the watchdog may take to stop Prism once the guard is dropped.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs Prism (`"$@"`) in the background and kills it when standard input reaches end-of-file.
/// Background jobs of a non-interactive shell read from /dev/null, hence the copy on fd 3. The
/// shell exits with Prism's status, so an early exit of Prism is visible as an exit of the shell.
const WATCHDOG: &str = r#"exec 3<&0
"$@" </dev/null &
prism=$!
{ read -r _ <&3; kill -KILL "$prism" 2>/dev/null; } &
watch=$!
wait "$prism"
status=$?
kill "$watch" 2>/dev/null
exit "$status""#;

/// How Prism answers.
#[derive(Debug, Clone)]
pub enum Mode {
    /// `prism mock`: answers with the schema's examples. With `errors`, a violation in either
    /// direction becomes an error response instead of a header on a 2xx.
    Static { errors: bool },
    /// `prism mock -d`: answers with random data generated from the schemas.
    Dynamic,
    /// `prism proxy --errors`: forwards to `upstream` and validates both directions.
    Proxy { upstream: String },
}

/// A running Prism; dropping it stops the process.
#[derive(Debug)]
pub struct Prism {
    child: Child,
    /// Closing this pipe tells the watchdog to kill Prism.
    watchdog: Option<ChildStdin>,
    port: u16,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Prism {
    /// Starts Prism in `mode` on `schema` and waits until it accepts connections.
    ///
    /// `label` names the log files under the test's temporary directory. Fails with Prism's
    /// output when it exits or does not open its port in time, and with the fix when Prism is
    /// not installed.
    pub fn start(label: &str, schema: &Path, mode: &Mode) -> Result<Prism, String> {
        let prism = prism_binary()?;
        let logs = crate::scratch_dir();
        let mut last_error = String::new();
        // A free port is picked by binding port 0 and releasing it, so another process may take
        // it before Prism does; a few attempts make that race harmless.
        for attempt in 1..=3 {
            let port = free_port()?;
            let stdout = logs.join(format!("prism-{label}.stdout.log"));
            let stderr = logs.join(format!("prism-{label}.stderr.log"));
            let mut command = Command::new("sh");
            command
                .arg("-c")
                .arg(WATCHDOG)
                .arg("sh")
                .arg(&prism)
                .args(arguments(schema, mode, port))
                .current_dir(repo_root())
                .stdin(Stdio::piped())
                .stdout(create(&stdout)?)
                .stderr(create(&stderr)?);
            let mut child = command
                .spawn()
                .map_err(|err| format!("could not start `sh` to run Prism: {err}"))?;
            let watchdog = child.stdin.take();
            let mut prism = Prism {
                child,
                watchdog,
                port,
                stdout,
                stderr,
            };
            match prism.wait_until_ready() {
                Ok(()) => return Ok(prism),
                Err(err) => {
                    last_error = format!(
                        "Prism ({label}, {mode:?}, {}) did not come up on 127.0.0.1:{port} (attempt {attempt} of 3): {err}\n{}",
                        schema.display(),
                        prism.output()
                    );
                    let address_taken = prism.output().contains("EADDRINUSE");
                    drop(prism);
                    if !address_taken {
                        break;
                    }
                }
            }
        }
        Err(last_error)
    }

    /// The base URL to give the SDK, such as `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The violations Prism has logged so far, one line each (`Violation: request.body ...`).
    /// With `--verboseLevel warn` Prism logs every violation it finds, in either direction,
    /// whether or not it also turned it into an error response.
    pub fn logged_violations(&self) -> Vec<String> {
        read_lossy(&self.stdout)
            .lines()
            .filter(|line| line.contains("[VALIDATOR]") && line.contains("Violation:"))
            .map(str::to_owned)
            .collect()
    }

    /// Prism's standard error and the end of its standard output, for failure messages.
    pub fn output(&self) -> String {
        const TAIL_LINES: usize = 40;
        let stderr = read_lossy(&self.stderr);
        let stdout = read_lossy(&self.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        let tail = lines[lines.len().saturating_sub(TAIL_LINES)..].join("\n");
        format!(
            "--- Prism stderr ({}) ---\n{}\n--- last {TAIL_LINES} lines of Prism stdout ({}) ---\n{tail}",
            self.stderr.display(),
            stderr.trim_end(),
            self.stdout.display(),
        )
    }

    /// Polls the port until it accepts a connection, Prism exits, or the startup time is over.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().map_err(|err| err.to_string())? {
                return Err(format!(
                    "Prism exited with {status} before opening its port"
                ));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the port did not answer within {} s",
                    STARTUP_TIMEOUT.as_secs()
                ));
            }
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // End-of-file on the watchdog's input makes it kill Prism, then the shell exits.
        drop(self.watchdog.take());
        let deadline = Instant::now() + SHUTDOWN_TIMEOUT;
        while Instant::now() < deadline {
            match self.child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) => sleep(Duration::from_millis(20)),
                Err(_) => break,
            }
        }
        // The watchdog did not finish in time; killing the shell still leaves its reader with
        // end-of-file, which kills Prism.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Prism command line after `prism`.
fn arguments(schema: &Path, mode: &Mode, port: u16) -> Vec<String> {
    let schema = schema.display().to_string();
    let mut args = match mode {
        Mode::Static { .. } | Mode::Dynamic => vec!["mock".to_owned(), schema],
        Mode::Proxy { upstream } => vec!["proxy".to_owned(), schema, upstream.clone()],
    };
    if matches!(mode, Mode::Dynamic) {
        args.push("--dynamic".to_owned());
    }
    if matches!(mode, Mode::Static { errors: true } | Mode::Proxy { .. }) {
        args.push("--errors".to_owned());
    }
    args.extend(
        [
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            // One process, so that killing it leaves nothing behind.
            "--multiprocess=false",
            // Violations are logged at warn and error; info would log six lines per request.
            "--verboseLevel",
            "warn",
        ]
        .map(str::to_owned),
    );
    args
}

/// `node_modules/.bin/prism`, or how to install it.
fn prism_binary() -> Result<PathBuf, String> {
    let prism = repo_root().join("node_modules/.bin/prism");
    if prism.is_file() {
        Ok(prism)
    } else {
        Err(format!(
            "{} is missing: the contract tests need the pinned Prism. Run `npm ci` in {} \
             (it installs @stoplight/prism-cli from package-lock.json), then run the tests again.",
            prism.display(),
            repo_root().display()
        ))
    }
}

/// A port of 127.0.0.1 that nothing listened on a moment ago.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|err| format!("no free port on 127.0.0.1: {err}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|err| err.to_string())
}

fn create(path: &Path) -> Result<File, String> {
    File::create(path).map_err(|err| format!("could not create {}: {err}", path.display()))
}

fn read_lossy(path: &Path) -> String {
    let mut bytes = Vec::new();
    match File::open(path).and_then(|mut file| file.read_to_end(&mut bytes)) {
        Ok(_) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(err) => format!("(could not read {}: {err})", path.display()),
    }
}
