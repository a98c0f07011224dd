//! Verifying a webhook delivery, by the symmetric (`v1`) scheme of Standard Webhooks
//! (<https://www.standardwebhooks.com/>), then decoding it into the crate's `Event`.
//!
//! A delivery carries three headers: `webhook-id`, `webhook-timestamp` (integer unix seconds) and
//! `webhook-signature` (space-separated `version,base64` entries, several while a key is being
//! rotated). It is genuine when one `v1` entry equals the base64 of HMAC-SHA256 over
//! `{id}.{timestamp}.{body}` under the decoded key, and the timestamp lies within the tolerance of
//! now in either direction. The body is checked as raw bytes before anything parses it: JSON that
//! was parsed and serialized again no longer matches its signature.
//!
//! The key, the signatures and the header values never appear in an error, `Display` or `Debug`,
//! and neither do body values (they can be patient data), so every error can be logged as it is.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::Sha256;

use super::Event;

type HmacSha256 = Hmac<Sha256>;

/// The environment variable [`Webhooks::from_env`] reads the key from.
pub const KEY_ENV: &str = crate::config::WEBHOOK_KEY_ENV;
/// The header carrying the delivery's id, which is part of the signed content.
pub const HEADER_ID: &str = "webhook-id";
/// The header carrying the attempt's time, in integer unix seconds.
pub const HEADER_TIMESTAMP: &str = "webhook-timestamp";
/// The header carrying the space-separated `version,base64` signatures.
pub const HEADER_SIGNATURE: &str = "webhook-signature";
/// How far the timestamp may lie from now in either direction unless
/// [`Webhooks::with_tolerance`] says otherwise: five minutes, as in every Standard Webhooks
/// library.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The prefix Standard Webhooks puts before a base64 symmetric key.
const KEY_PREFIX: &str = "whsec_";
/// The version tag of HMAC-SHA256 signatures; other versions (`v1a` is ed25519) are skipped.
const SIGNATURE_VERSION: &str = "v1";

/// Keys decode leniently (padding optional, stray trailing bits allowed): a key that some
/// Standard Webhooks library accepts must work here too.
const KEY_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Verifies webhook deliveries with one signing key, then decodes them into an [`Event`].
///
/// Build one when the application starts and share it (it is `Clone`, `Send` and `Sync`); it
/// holds the HMAC already keyed, so a delivery costs one copy of that state. Its `Debug` output
/// leaves the key out.
///
/// ```
/// # fn main() -> Result<(), ~{ lib }~::webhooks::WebhookError> {
/// let hooks = ~{ lib }~::webhooks::Webhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
/// assert_eq!(format!("{hooks:?}"), "Webhooks { key: <redacted>, tolerance: 300s }");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Webhooks {
    mac: HmacSha256,
    tolerance_seconds: u64,
}

impl fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Webhooks {{ key: <redacted>, tolerance: {}s }}",
            self.tolerance_seconds
        )
    }
}

impl Webhooks {
    /// A verifier for `key`, in the forms the Standard Webhooks libraries accept: `whsec_` and
    /// base64 (padded or not), plain base64, or any other text, taken as the key's bytes.
    ///
    /// ASCII whitespace around the key (a newline left in an environment file) is ignored. A raw
    /// key that happens to be valid base64 would be decoded; give such a key to
    /// [`Webhooks::from_bytes`].
    ///
    /// # Errors
    ///
    /// [`WebhookError::InvalidKey`] when the key is empty once decoded (`""`, `"whsec_"`).
    pub fn new(key: impl AsRef<str>) -> Result<Self, WebhookError> {
        let text = key.as_ref();
        let trimmed = text.trim_ascii();
        let encoded = trimmed.strip_prefix(KEY_PREFIX).unwrap_or(trimmed);
        match KEY_BASE64.decode(encoded) {
            Ok(bytes) => Self::from_bytes(bytes),
            Err(_) => Self::from_bytes(trimmed),
        }
    }

    /// A verifier for the key's raw bytes, used as they are.
    ///
    /// # Errors
    ///
    /// [`WebhookError::InvalidKey`] when `key` is empty.
    pub fn from_bytes(key: impl AsRef<[u8]>) -> Result<Self, WebhookError> {
        let key = key.as_ref();
        if key.is_empty() {
            return Err(WebhookError::InvalidKey {
                reason: "the key is empty",
            });
        }
        // HMAC takes keys of any length, so this cannot fail today; it is mapped rather than
        // unwrapped so that a change in the crate cannot become a panic.
        let mac = HmacSha256::new_from_slice(key).map_err(|_| WebhookError::InvalidKey {
            reason: "HMAC-SHA256 refused the key's length",
        })?;
        Ok(Self {
            mac,
            tolerance_seconds: DEFAULT_TOLERANCE.as_secs(),
        })
    }

    /// A verifier for the key in the environment variable [`KEY_ENV`].
    ///
    /// A missing key never turns verification off: an unset or blank variable is an error.
    ///
    /// # Errors
    ///
    /// [`WebhookError::MissingKey`] naming the variable when it is unset or blank;
    /// [`WebhookError::InvalidKey`] when it is not UTF-8.
    pub fn from_env() -> Result<Self, WebhookError> {
        Self::from_env_value(KEY_ENV, std::env::var(KEY_ENV))
    }

    /// A verifier from the result of reading `variable`. A value that is not UTF-8 is dropped
    /// here, so it cannot reach an error.
    fn from_env_value(
        variable: &'static str,
        value: Result<String, std::env::VarError>,
    ) -> Result<Self, WebhookError> {
        match value {
            Ok(key) if !key.trim_ascii().is_empty() => Self::new(key),
            Ok(_) | Err(std::env::VarError::NotPresent) => {
                Err(WebhookError::MissingKey { variable })
            }
            Err(std::env::VarError::NotUnicode(_)) => Err(WebhookError::InvalidKey {
                reason: "the environment variable holding the key is not UTF-8",
            }),
        }
    }

    /// Sets how far a delivery's timestamp may lie from now, in whole seconds. To check a stored
    /// delivery later, give its time to [`Webhooks::verify_at`] rather than widen this.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance_seconds = tolerance.as_secs();
        self
    }

    /// Verifies a delivery against the system clock, then decodes it.
    ///
    /// `body` must be the bytes exactly as received, before any JSON parsing; `headers` are the
    /// request's (a web framework's `HeaderMap` is this type).
    ///
    /// # Errors
    ///
    /// As [`Webhooks::verify_at`].
    pub fn verify(&self, body: &[u8], headers: &HeaderMap) -> Result<Event, WebhookError> {
        self.verify_at(body, headers, SystemTime::now())
    }

    /// Verifies a delivery as if the time were `now`, then decodes it; nothing is parsed when
    /// verification fails. For tests and for deliveries stored and checked later.
    ///
    /// # Errors
    ///
    /// The errors of [`Webhooks::verify_signature_at`]; then [`WebhookError::InvalidJson`] when
    /// the verified body is not JSON and [`WebhookError::InvalidEvent`] when it is not an event.
    /// A type this version of the crate does not know is not an error: it decodes as
    /// `Event::Unknown`.
    pub fn verify_at(
        &self,
        body: &[u8],
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Result<Event, WebhookError> {
        self.verify_signature_at(body, headers, now)?;
        parse_unverified(body)
    }

    /// Verifies a delivery against the system clock without decoding it, for an application that
    /// stores or forwards the raw body.
    ///
    /// # Errors
    ///
    /// As [`Webhooks::verify_signature_at`].
    pub fn verify_signature(&self, body: &[u8], headers: &HeaderMap) -> Result<(), WebhookError> {
        self.verify_signature_at(body, headers, SystemTime::now())
    }

    /// Verifies a delivery as if the time were `now`, without decoding it.
    ///
    /// The checks run in the order of the Standard Webhooks libraries: the three headers, the
    /// timestamp's syntax, its distance from now (exactly the tolerance is accepted, a second more
    /// is not), then the signatures.
    ///
    /// # Errors
    ///
    /// [`WebhookError::MissingHeader`] or [`WebhookError::InvalidHeader`] for a header that is
    /// absent, empty, repeated or not visible ASCII; [`WebhookError::InvalidTimestamp`],
    /// [`WebhookError::TimestampTooOld`] or [`WebhookError::TimestampTooNew`] for the timestamp;
    /// [`WebhookError::NoMatchingSignature`] when no `v1` entry matches.
    pub fn verify_signature_at(
        &self,
        body: &[u8],
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let id = header(headers, HEADER_ID)?;
        let timestamp = header(headers, HEADER_TIMESTAMP)?;
        let signatures = header(headers, HEADER_SIGNATURE)?;
        let timestamp = parse_timestamp(timestamp)?;
        self.check_timestamp(timestamp, unix_seconds(now))?;
        let mac = self.mac_for(id, timestamp, body);
        // Entries of other versions, and malformed ones, are skipped rather than refused: a
        // sender may add schemes this verifier does not know. `verify_slice` compares in constant
        // time; it consumes the MAC, hence a copy per entry.
        let matched = signatures
            .split(' ')
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == SIGNATURE_VERSION)
            .filter_map(|(_, signature)| STANDARD.decode(signature).ok())
            .any(|tag| mac.clone().verify_slice(&tag).is_ok());
        if matched {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    /// The `webhook-signature` value a sender with this key puts on a delivery: `v1,` and the
    /// base64 signature. For testing a receiver; see also [`Webhooks::signed_headers`].
    #[must_use]
    pub fn sign(&self, id: &str, timestamp: SystemTime, body: &[u8]) -> String {
        let tag = self
            .mac_for(id, unix_seconds(timestamp), body)
            .finalize()
            .into_bytes();
        format!("{SIGNATURE_VERSION},{}", STANDARD.encode(tag))
    }

    /// The three headers of a delivery of `body` with this id, signed at `timestamp`: what a test
    /// of a receiver sends with the body.
    ///
    /// # Panics
    ///
    /// When `id` is not a valid header value (it contains a control character).
    #[must_use]
    pub fn signed_headers(&self, id: &str, timestamp: SystemTime, body: &[u8]) -> HeaderMap {
        let signature = self.sign(id, timestamp, body);
        let mut headers = HeaderMap::with_capacity(3);
        let value = |text: String| {
            HeaderValue::try_from(text).expect("the webhook id is a valid header value")
        };
        headers.insert(HEADER_ID, value(id.to_owned()));
        headers.insert(HEADER_TIMESTAMP, value(unix_seconds(timestamp).to_string()));
        headers.insert(HEADER_SIGNATURE, value(signature));
        headers
    }

    /// A copy of the keyed MAC fed with the signed content `{id}.{timestamp}.{body}`; the
    /// timestamp is written as the parsed integer, as the reference libraries do.
    fn mac_for(&self, id: &str, timestamp: i64, body: &[u8]) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    /// Refuses a timestamp further than the tolerance from now; `i128` keeps the difference of
    /// any two `i64` exact, so no input can overflow.
    fn check_timestamp(&self, timestamp: i64, now: i64) -> Result<(), WebhookError> {
        let age = i128::from(now) - i128::from(timestamp);
        let tolerance = i128::from(self.tolerance_seconds);
        if age > tolerance {
            Err(WebhookError::TimestampTooOld)
        } else if -age > tolerance {
            Err(WebhookError::TimestampTooNew)
        } else {
            Ok(())
        }
    }
}

/// Decodes a delivery's body without verifying it: for tests and for replaying deliveries that
/// were verified when they arrived, never for a request from the network.
///
/// # Errors
///
/// [`WebhookError::InvalidJson`] when `body` is not JSON; [`WebhookError::InvalidEvent`] when it is
/// not an object with a string type, or when an event of a known type does not match its schema.
pub fn parse_unverified(body: &[u8]) -> Result<Event, WebhookError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| WebhookError::InvalidJson {
        line: e.line(),
        column: e.column(),
    })?;
    super::decode(value)
}

/// The event type of a decoded body: the string in its `tag` property.
pub(super) fn event_type(value: &Value, tag: &'static str) -> Result<String, WebhookError> {
    let Some(object) = value.as_object() else {
        return Err(WebhookError::InvalidEvent {
            event_type: None,
            path: ".".to_owned(),
        });
    };
    match object.get(tag) {
        Some(Value::String(event_type)) => Ok(event_type.clone()),
        _ => Err(WebhookError::InvalidEvent {
            event_type: None,
            path: tag.to_owned(),
        }),
    }
}

/// Decodes the body of an event of a known type; the error names the type and where decoding
/// stopped, never the value found there.
pub(super) fn decode_payload<T: DeserializeOwned>(
    value: Value,
    event_type: &str,
) -> Result<T, WebhookError> {
    serde_path_to_error::deserialize(value).map_err(|e| WebhookError::InvalidEvent {
        event_type: Some(event_type.to_owned()),
        path: e.path().to_string(),
    })
}

/// Checks that an event of an unknown type still has the envelope's string `property`, so that
/// every event that decodes has an id.
pub(super) fn require_string(
    value: &Value,
    property: &'static str,
    event_type: &str,
) -> Result<(), WebhookError> {
    match value.get(property) {
        Some(Value::String(_)) => Ok(()),
        _ => Err(WebhookError::InvalidEvent {
            event_type: Some(event_type.to_owned()),
            path: property.to_owned(),
        }),
    }
}

/// The single value of a required header, as text.
///
/// `HeaderMap` keeps names in lower case (a server parsing `Webhook-Id` stores `webhook-id`), so
/// looking up the lower-case name is case-insensitive. A repeated header is refused: a genuine
/// sender sends each once, and verifying one copy while the application reads another would let
/// an unverified value through.
fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    let mut values = headers.get_all(name).iter();
    let value = values.next().ok_or(WebhookError::MissingHeader { name })?;
    let invalid = |reason| WebhookError::InvalidHeader { name, reason };
    if values.next().is_some() {
        return Err(invalid("it is present more than once"));
    }
    let text = value
        .to_str()
        .map_err(|_| invalid("it is not visible ASCII"))?;
    if text.is_empty() {
        return Err(invalid("it is empty"));
    }
    Ok(text)
}

/// The timestamp as decimal digits only: a sign, a fraction or a space is refused, so the integer
/// that is signed cannot differ from what the sender wrote except in leading zeros.
fn parse_timestamp(text: &str) -> Result<i64, WebhookError> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::InvalidTimestamp);
    }
    text.parse().map_err(|_| WebhookError::InvalidTimestamp)
}

/// A time as unix seconds; a time before 1970 is negative rather than a panic.
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Why a delivery was refused. No variant holds the key, a signature, a header value or a value
/// from the body, so every error can be logged as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A required header is absent.
    #[error("webhook refused: the `{name}` header is missing")]
    MissingHeader {
        /// The header's lower-case name.
        name: &'static str,
    },
    /// A required header is present but unusable.
    #[error("webhook refused: the `{name}` header is invalid: {reason}")]
    InvalidHeader {
        /// The header's lower-case name.
        name: &'static str,
        /// What is wrong with it (empty, repeated, not visible ASCII), without its value.
        reason: &'static str,
    },
    /// `webhook-timestamp` is not integer unix seconds.
    #[error("webhook refused: the `webhook-timestamp` header is not integer unix seconds")]
    InvalidTimestamp,
    /// The timestamp is older than the tolerance: a stale delivery or a replay.
    #[error("webhook refused: its timestamp is too old")]
    TimestampTooOld,
    /// The timestamp is further ahead than the tolerance (milliseconds instead of seconds, or a
    /// clock far off).
    #[error("webhook refused: its timestamp is too far in the future")]
    TimestampTooNew,
    /// No `v1` entry of `webhook-signature` matches the body, id and timestamp under this key.
    #[error("webhook refused: no `v1` signature matches the delivery")]
    NoMatchingSignature,
    /// The key cannot be used.
    #[error("invalid webhook key: {reason}")]
    InvalidKey {
        /// What is wrong with it, without the key.
        reason: &'static str,
    },
    /// No key is configured.
    #[error("no webhook key: the environment variable `{variable}` is unset or empty")]
    MissingKey {
        /// The variable that was read.
        variable: &'static str,
    },
    /// The verified body is not JSON.
    #[error("the webhook body is not JSON (syntax error at line {line}, column {column})")]
    InvalidJson {
        /// The line where parsing stopped, from 1.
        line: usize,
        /// The column where parsing stopped, from 1.
        column: usize,
    },
    /// The verified body is JSON but not an event: not an object, without a string type, or an
    /// event of a known type whose fields do not match the schema. The caller still has the
    /// body it passed in, to keep for investigation.
    #[error(
        "the webhook body is not a valid {}: wrong or missing value at `{path}`",
        describe(event_type.as_deref())
    )]
    InvalidEvent {
        /// The event's type, when the body has one.
        event_type: Option<String>,
        /// Where decoding stopped, such as `data.studyId`; `.` for the body itself.
        path: String,
    },
}

/// How an invalid event is named in its error.
fn describe(event_type: Option<&str>) -> String {
    match event_type {
        Some(event_type) => format!("`{event_type}` event"),
        None => "event".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector shared by the Standard Webhooks libraries' tests.
    const KEY: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    fn hooks() -> Webhooks {
        Webhooks::new(KEY).expect("the key is valid")
    }

    #[test]
    fn from_env_value_names_the_variable_and_drops_what_is_not_utf8() {
        let err = Webhooks::from_env_value("SOME_KEY", Err(std::env::VarError::NotPresent))
            .expect_err("unset");
        assert_eq!(
            err,
            WebhookError::MissingKey {
                variable: "SOME_KEY"
            }
        );
        assert!(err.to_string().contains("SOME_KEY"), "{err}");
        let err = Webhooks::from_env_value("SOME_KEY", Ok(" \n".into())).expect_err("blank");
        assert_eq!(
            err,
            WebhookError::MissingKey {
                variable: "SOME_KEY"
            }
        );
        let not_utf8 = std::env::VarError::NotUnicode(std::ffi::OsString::from(KEY));
        let err = Webhooks::from_env_value("SOME_KEY", Err(not_utf8)).expect_err("not UTF-8");
        assert!(matches!(err, WebhookError::InvalidKey { .. }));
        assert!(!format!("{err} {err:?}").contains("MfKQ9r8G"));
        let from_env = Webhooks::from_env_value("SOME_KEY", Ok(KEY.into())).expect("set");
        let at = UNIX_EPOCH + Duration::from_secs(1);
        assert_eq!(from_env.sign("1", at, b""), hooks().sign("1", at, b""));
    }

    #[test]
    fn the_tolerance_is_inclusive_and_extreme_clocks_do_not_overflow() {
        let hooks = hooks();
        assert_eq!(hooks.check_timestamp(0, 300), Ok(()));
        assert_eq!(hooks.check_timestamp(300, 0), Ok(()));
        assert_eq!(
            hooks.check_timestamp(0, 301),
            Err(WebhookError::TimestampTooOld)
        );
        assert_eq!(
            hooks.check_timestamp(301, 0),
            Err(WebhookError::TimestampTooNew)
        );
        assert_eq!(
            hooks.check_timestamp(i64::MAX, i64::MIN),
            Err(WebhookError::TimestampTooNew)
        );
        assert_eq!(
            hooks.check_timestamp(i64::MIN, i64::MAX),
            Err(WebhookError::TimestampTooOld)
        );
    }

    #[test]
    fn times_before_1970_are_negative_seconds() {
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_secs(5)), -5);
        assert_eq!(unix_seconds(UNIX_EPOCH + Duration::from_millis(5_999)), 5);
    }

    #[test]
    fn timestamps_are_decimal_digits() {
        assert_eq!(parse_timestamp("01700000000"), Ok(1_700_000_000));
        for text in ["", "-1", "+1", " 1", "1.0", "1e9", "99999999999999999999"] {
            assert_eq!(
                parse_timestamp(text),
                Err(WebhookError::InvalidTimestamp),
                "{text:?}"
            );
        }
    }
}
