//! Runtime benchmark of the avara SDK against the floor: a hand-written reqwest + serde_json loop
//! doing the same requests.
//!
//! A hyper server on 127.0.0.1 (its own thread, single-threaded runtime) serves Viewer users from
//! JSON rendered up front. Four clients run on the main thread, in a single-threaded runtime:
//! the SDK; the floor (its own `#[derive(Deserialize)]` structs with `chrono` timestamps); the
//! String-field floor, the same structs with the timestamps left as strings, the least work a
//! client could do; and the floor decoding into the SDK's models, which splits the SDK's overhead
//! into its models and its request path. Measured:
//! streaming every user through pagination, the latency of single `retrieve` calls, and the peak
//! memory of streaming, each client in a child process of its own.
//!
//! `cargo xtask bench` runs this with `cargo bench -p avara-tests --bench runtime` and reads the
//! `BENCH-JSON` line printed last. `cargo bench` passes `--bench`; without it (as when
//! `cargo test --all-targets` runs every target) this is a small smoke run that checks every
//! client sees every user, and no figure can fail anything.

use std::convert::Infallible;
use std::hint::black_box;
use std::net::SocketAddr;
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::time::Instant;

use avara::chrono::{DateTime, Utc};
use avara::models::{UserId, ViewerUser, ViewerUserList};
use futures_util::StreamExt;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::runtime::Runtime;

const PAGE_SIZE: usize = 100;

/// The clients compared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Client {
    /// The SDK.
    Sdk,
    /// reqwest + serde_json into hand-written structs, with `chrono` timestamps.
    Floor,
    /// The floor with every timestamp a `String`: nothing is parsed beyond JSON.
    FloorStrings,
    /// The floor decoding into the SDK's models.
    FloorSdkModels,
}

const CLIENTS: [Client; 4] = [
    Client::Sdk,
    Client::Floor,
    Client::FloorStrings,
    Client::FloorSdkModels,
];

/// How much to measure.
struct Plan {
    users: usize,
    stream_rounds: usize,
    retrieve_calls: usize,
    memory_runs: usize,
}

/// What the server answers: every page and every user, rendered before the clock starts.
struct Fixture {
    pages: Vec<Bytes>,
    users: Vec<Bytes>,
}

/// The clients and what they need to build requests.
struct Clients {
    sdk: avara::Client,
    http: reqwest::Client,
    base: String,
    headers: HeaderMap,
}

/// A user as a hand-written client would decode it: strings for IDs and enums, and timestamps
/// as `Time` (`chrono`'s `DateTime<Utc>` for the floor, `String` for the String-field floor).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code, reason = "decoded as a client would, never read")]
struct FloorUser<Time> {
    can_manage_studies: bool,
    clinic_role: String,
    created_at: Option<Time>,
    email: String,
    first_name: String,
    has_dashboard_access: bool,
    invited_source: String,
    last_login_at: Option<Time>,
    last_name: String,
    level: String,
    user_id: String,
    middle_name: Option<String>,
    phone_number: Option<String>,
    suffix1: Option<String>,
    suffix2: Option<String>,
}

/// A page as a hand-written client would decode it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FloorPage<Time> {
    users: Vec<FloorUser<Time>>,
    has_more: bool,
    cursor: Option<String>,
}

/// The floor's timestamps.
type Chrono = DateTime<Utc>;

/// A decoded page, taken apart by the floor's pagination loop.
trait PageLike: DeserializeOwned {
    /// Consumes the items; returns their number, whether more exist, and the next cursor.
    fn consume(self) -> (usize, bool, Option<String>);
}

impl<Time: DeserializeOwned> PageLike for FloorPage<Time> {
    fn consume(self) -> (usize, bool, Option<String>) {
        let count = self.users.len();
        for user in self.users {
            black_box(&user);
        }
        (count, self.has_more, self.cursor)
    }
}

impl PageLike for ViewerUserList {
    fn consume(self) -> (usize, bool, Option<String>) {
        let count = self.users.len();
        for user in self.users {
            black_box(&user);
        }
        (count, self.has_more, self.cursor)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--child") {
        return child(&args);
    }
    let plan = if !args.iter().any(|a| a == "--bench") {
        Plan {
            users: 250,
            stream_rounds: 1,
            retrieve_calls: 20,
            memory_runs: 1,
        }
    } else if args.iter().any(|a| a == "--quick") {
        Plan {
            users: 10_000,
            stream_rounds: 3,
            retrieve_calls: 300,
            memory_runs: 1,
        }
    } else {
        Plan {
            users: 10_000,
            stream_rounds: 31,
            retrieve_calls: 1_000,
            memory_runs: 3,
        }
    };
    let addr = start_server(Arc::new(fixture(plan.users)));
    let runtime = runtime();
    let clients = Clients::new(addr);
    let stream_ms = measure_streams(&plan, &runtime, &clients);
    let (retrieve_us, retrieve_p99_us) = measure_retrieves(&plan, &runtime, &clients);
    let (peak_rss_kib, peak_growth_kib) = measure_memory(&plan, &clients.base);
    let result = json!({
        "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
        "users": plan.users,
        "page_size": PAGE_SIZE,
        "stream_rounds": plan.stream_rounds,
        "retrieve_calls": plan.retrieve_calls,
        "memory_runs": plan.memory_runs,
        "stream_ms": stream_ms,
        "retrieve_us": retrieve_us,
        "retrieve_p99_us": retrieve_p99_us,
        "peak_rss_kib": peak_rss_kib,
        "peak_growth_kib": peak_growth_kib,
    });
    eprintln!(
        "{}",
        serde_json::to_string_pretty(&result).unwrap_or_default()
    );
    println!("BENCH-JSON {result}");
    ExitCode::SUCCESS
}

impl Client {
    fn key(self) -> &'static str {
        match self {
            Client::Sdk => "sdk",
            Client::Floor => "floor",
            Client::FloorStrings => "floor_strings",
            Client::FloorSdkModels => "floor_sdk_models",
        }
    }

    fn from_key(key: &str) -> Option<Client> {
        CLIENTS.into_iter().find(|c| c.key() == key)
    }
}

/// The clients in an order that changes with `turn`, so that each takes each position in turn.
fn rotated(turn: usize) -> [Client; CLIENTS.len()] {
    let mut order = CLIENTS;
    order.rotate_left(turn % CLIENTS.len());
    order
}

/// A single-threaded runtime, like the server's, so that the two share the two cores fairly.
fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime starts")
}

/// A Viewer user as the API returns it, with every field filled in and some variety.
fn user_json(n: usize) -> Value {
    const ROLES: [&str; 5] = [
        "Radiologist",
        "Doctor",
        "Technologist",
        "Physician Assistant",
        "Pathologists' Assistant",
    ];
    const LEVELS: [&str; 3] = ["member", "admin", "owner"];
    let mut user = json!({
        "canManageStudies": n % 2 == 0,
        "clinicRole": ROLES[n % ROLES.len()],
        "createdAt": "2024-01-15T10:00:00Z",
        "email": format!("user{n}@hospital.example.org"),
        "firstName": "Sarah",
        "hasDashboardAccess": true,
        "invitedSource": if n % 3 == 0 { "dashboard" } else { "api" },
        "lastLoginAt": if n % 4 == 0 { Value::Null } else { json!("2024-03-02T08:15:30Z") },
        "lastName": "Johnson",
        "level": LEVELS[n % LEVELS.len()],
        "userId": format!("usr_{n:032x}"),
        "middleName": "Anne",
        "phoneNumber": "5551234567",
    });
    if n % 5 == 0 {
        user["suffix1"] = json!("Jr.");
    }
    user
}

fn fixture(users: usize) -> Fixture {
    let all: Vec<Value> = (0..users).map(user_json).collect();
    let pages = all
        .chunks(PAGE_SIZE)
        .enumerate()
        .map(|(i, chunk)| {
            let last = (i + 1) * PAGE_SIZE >= users;
            let cursor = if last {
                Value::Null
            } else {
                json!(format!("page-{}", i + 1))
            };
            let page = json!({ "users": chunk, "hasMore": !last, "cursor": cursor });
            Bytes::from(serde_json::to_vec(&page).expect("a page serializes"))
        })
        .collect();
    let users = all
        .iter()
        .map(|u| Bytes::from(serde_json::to_vec(u).expect("a user serializes")))
        .collect();
    Fixture { pages, users }
}

/// Starts the server on its own thread and returns its address.
fn start_server(fixture: Arc<Fixture>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port is free");
    listener
        .set_nonblocking(true)
        .expect("the listener can be non-blocking");
    let addr = listener.local_addr().expect("the listener has an address");
    std::thread::spawn(move || {
        runtime().block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(listener).expect("Tokio takes the listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let fixture = Arc::clone(&fixture);
                tokio::spawn(async move {
                    let service = service_fn(move |request| respond(Arc::clone(&fixture), request));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    addr
}

/// `GET /v1/viewer/users[?cursor=page-N]` and `GET /v1/viewer/users/usr_<hex>`.
async fn respond(
    fixture: Arc<Fixture>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path();
    let body = if path == "/v1/viewer/users" {
        let query = request.uri().query().unwrap_or("");
        let page = query
            .split('&')
            .find_map(|p| p.strip_prefix("cursor=page-"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        fixture.pages.get(page).cloned()
    } else {
        let index = path
            .strip_prefix("/v1/viewer/users/usr_")
            .and_then(|hex| usize::from_str_radix(hex, 16).ok());
        index.and_then(|i| fixture.users.get(i)).cloned()
    };
    let response = match body {
        Some(body) => Response::builder()
            .header("content-type", "application/json")
            .body(Full::new(body)),
        None => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Full::new(Bytes::new())),
    };
    Ok(response.expect("the response parts are valid"))
}

impl Clients {
    fn new(addr: SocketAddr) -> Clients {
        let base = format!("http://{addr}");
        let sdk = avara::Client::builder()
            .api_key("sk-bench")
            .base_url(&base)
            .build()
            .expect("the SDK client builds");
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer sk-bench"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static("floor/0.1.0"));
        let http = reqwest::Client::builder()
            .build()
            .expect("the reqwest client builds");
        Clients {
            sdk,
            http,
            base,
            headers,
        }
    }

    /// Streams every user; returns how many there were.
    async fn stream(&self, client: Client) -> usize {
        match client {
            Client::Sdk => {
                let mut users = self
                    .sdk
                    .viewer()
                    .users()
                    .list()
                    .limit(PAGE_SIZE as i64)
                    .into_stream();
                let mut count = 0;
                while let Some(user) = users.next().await {
                    black_box(&user.expect("the SDK streams every user"));
                    count += 1;
                }
                count
            }
            Client::Floor => self.stream_floor::<FloorPage<Chrono>>().await,
            Client::FloorStrings => self.stream_floor::<FloorPage<String>>().await,
            Client::FloorSdkModels => self.stream_floor::<ViewerUserList>().await,
        }
    }

    /// The floor's pagination: the same URLs the SDK requests, followed by cursor.
    async fn stream_floor<P: PageLike>(&self) -> usize {
        let mut count = 0;
        let mut cursor: Option<String> = None;
        loop {
            let url = match &cursor {
                Some(cursor) => format!(
                    "{}/v1/viewer/users?cursor={cursor}&limit={PAGE_SIZE}",
                    self.base
                ),
                None => format!("{}/v1/viewer/users?limit={PAGE_SIZE}", self.base),
            };
            let (items, has_more, next) = self.get_json::<P>(url).await.consume();
            count += items;
            match next {
                Some(next) if has_more && items > 0 && !next.is_empty() => cursor = Some(next),
                _ => return count,
            }
        }
    }

    async fn get_json<T: DeserializeOwned>(&self, url: String) -> T {
        let response = self
            .http
            .get(url)
            .headers(self.headers.clone())
            .send()
            .await
            .expect("the server answers");
        assert!(
            response.status().is_success(),
            "status {}",
            response.status()
        );
        let body = response.bytes().await.expect("the body arrives");
        serde_json::from_slice(&body).expect("the body decodes")
    }

    async fn retrieve(&self, client: Client, id: &UserId) {
        let url = || format!("{}/v1/viewer/users/{}", self.base, id.as_str());
        match client {
            Client::Sdk => {
                black_box(
                    self.sdk
                        .viewer()
                        .users()
                        .retrieve(id)
                        .await
                        .expect("the SDK retrieves the user"),
                );
            }
            Client::Floor => {
                black_box(self.get_json::<FloorUser<Chrono>>(url()).await);
            }
            Client::FloorStrings => {
                black_box(self.get_json::<FloorUser<String>>(url()).await);
            }
            Client::FloorSdkModels => {
                black_box(self.get_json::<ViewerUser>(url()).await);
            }
        }
    }
}

/// Median milliseconds to stream every user, per client.
fn measure_streams(plan: &Plan, runtime: &Runtime, clients: &Clients) -> Value {
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); CLIENTS.len()];
    // Round 0 warms up connections and allocators and checks the counts; it is not counted.
    for round in 0..=plan.stream_rounds {
        for client in rotated(round) {
            let start = Instant::now();
            let count = runtime.block_on(clients.stream(client));
            let elapsed = start.elapsed().as_secs_f64() * 1e3;
            assert_eq!(count, plan.users, "{} streamed {count} users", client.key());
            if round > 0 {
                samples[client as usize].push(elapsed);
            }
        }
    }
    per_client(|c| median(&samples[c as usize]))
}

/// Median and 99th-percentile microseconds of single `retrieve` calls, per client.
fn measure_retrieves(plan: &Plan, runtime: &Runtime, clients: &Clients) -> (Value, Value) {
    let ids: Vec<UserId> = (0..plan.users)
        .map(|n| UserId::new(format!("usr_{n:032x}")).expect("the user ID is valid"))
        .collect();
    // Small blocks, each client in turn, so that a burst of load from elsewhere on the machine
    // falls on every client alike.
    let block = plan.retrieve_calls.min(10);
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); CLIENTS.len()];
    runtime.block_on(async {
        for client in CLIENTS {
            for id in ids.iter().take(100) {
                clients.retrieve(client, id).await;
            }
        }
        for (turn, chunk) in (0..plan.retrieve_calls)
            .collect::<Vec<_>>()
            .chunks(block)
            .enumerate()
        {
            for client in rotated(turn) {
                for &call in chunk {
                    let id = &ids[(call * 7) % ids.len()];
                    let start = Instant::now();
                    clients.retrieve(client, id).await;
                    samples[client as usize].push(start.elapsed().as_secs_f64() * 1e6);
                }
            }
        }
    });
    (
        per_client(|c| median(&samples[c as usize])),
        per_client(|c| percentile(&samples[c as usize], 0.99)),
    )
}

/// Peak resident memory of streaming every user, per client, each in a child process; returns
/// the medians of the peak and of its growth over the child's baseline, in KiB.
fn measure_memory(plan: &Plan, base: &str) -> (Value, Value) {
    let exe = std::env::current_exe().expect("the benchmark knows its own path");
    let mut peaks: Vec<Vec<f64>> = vec![Vec::new(); CLIENTS.len()];
    let mut growths: Vec<Vec<f64>> = vec![Vec::new(); CLIENTS.len()];
    for run in 0..plan.memory_runs {
        for client in rotated(run) {
            let output = Command::new(&exe)
                .args([
                    "--child",
                    client.key(),
                    "--url",
                    base,
                    "--users",
                    &plan.users.to_string(),
                ])
                .output()
                .expect("the child process starts");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "child {} failed: {}",
                client.key(),
                String::from_utf8_lossy(&output.stderr)
            );
            let line = stdout
                .lines()
                .find_map(|l| l.strip_prefix("CHILD-JSON "))
                .expect("the child prints its result");
            let value: Value = serde_json::from_str(line).expect("the child's result is JSON");
            peaks[client as usize].push(value["peak_kib"].as_f64().unwrap_or(0.0));
            growths[client as usize].push(
                value["peak_kib"].as_f64().unwrap_or(0.0)
                    - value["baseline_kib"].as_f64().unwrap_or(0.0),
            );
        }
    }
    (
        per_client(|c| median(&peaks[c as usize])),
        per_client(|c| median(&growths[c as usize])),
    )
}

/// In a child process: `--child <client> --url URL --users N`; streams every user once.
fn child(args: &[String]) -> ExitCode {
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .unwrap_or_default()
    };
    let Some(client) = Client::from_key(&value("--child")) else {
        eprintln!(
            "usage: runtime --child sdk|floor|floor_strings|floor_sdk_models --url URL --users N"
        );
        return ExitCode::FAILURE;
    };
    let addr: SocketAddr = value("--url")
        .trim_start_matches("http://")
        .parse()
        .expect("--url is http://IP:PORT");
    let users: usize = value("--users").parse().expect("--users is a number");
    let runtime = runtime();
    let clients = Clients::new(addr);
    let baseline = status_kib("VmRSS:");
    let start = Instant::now();
    let count = runtime.block_on(clients.stream(client));
    let elapsed_ms = start.elapsed().as_secs_f64() * 1e3;
    assert_eq!(count, users);
    println!(
        "CHILD-JSON {}",
        json!({ "elapsed_ms": elapsed_ms, "baseline_kib": baseline, "peak_kib": status_kib("VmHWM:") })
    );
    ExitCode::SUCCESS
}

/// A figure in kB from `/proc/self/status` (Linux); 0 elsewhere.
fn status_kib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status
        .lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_default();
    line[line.len().min(key.len())..]
        .split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

fn per_client(f: impl Fn(Client) -> f64) -> Value {
    let mut map = serde_json::Map::new();
    for client in CLIENTS {
        map.insert(client.key().to_owned(), json!(f(client)));
    }
    Value::Object(map)
}

fn median(values: &[f64]) -> f64 {
    percentile(values, 0.5)
}

/// The value below which a fraction `p` of the samples lie (nearest rank); 0 when empty.
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}
