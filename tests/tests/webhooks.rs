//! The webhook receiver (`avara::webhooks`, cargo feature `webhooks`): signatures checked as the
//! Standard Webhooks libraries check them, with their known-answer vectors and cases signed
//! here; every event of the schema decoded from its example; the answers serialized to the JSON
//! Avara reads; a receiver over HTTP on 127.0.0.1; and the feature keeping the cryptography out of
//! builds that do not ask for it.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use avara::models::{
    ModalityWorklistItem, ModalityWorklistRequestedResponse, ModalityWorklistScheduledStep,
    SeriesNumber, StudyAccessRequestedManifest, StudyAccessRequestedManifestSeries,
    StudyAccessRequestedManifestSop, StudyAccessRequestedMediaUrl, StudyInstanceUid,
};
use avara::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use avara::webhooks::{
    ClinicalContextEnrichmentRequestedResponse, EphemeralAccessRequestedResponse, Event, HEADER_ID,
    HEADER_SIGNATURE, HEADER_TIMESTAMP, PatientStudyEnrichmentRequestedResponse,
    ReportDeliveredResponse, SecondaryCaptureAccessRequestedResponse, StudyAccessRequestedResponse,
    WebhookError, Webhooks, parse_unverified,
};
use serde_json::{Value, json};

/// The key, id, time, body and signature of the test vector of Avara's SDKs.
const AVARA_KEY: &str = "whsec_c2VjcmV0Cg==";
const AVARA_ID: &str = "1";
const AVARA_TS: u64 = 1_700_000_000;
const AVARA_BODY: &[u8] = concat!(
    r#"{"id":"whe_1234567890abcdef1234567890abcdef","data":{"retrievalId":"order-12345","#,
    r#""options":{"studyInstanceUids":"bar"}},"type":"ephemeral.access_requested"}"#
)
.as_bytes();
const AVARA_SIGNATURE: &str = "v1,KscO/Lpi0aa/1jlnwgCtPNiY94cqzDT9TWgjphiQATo=";

/// The vector the Standard Webhooks libraries (Go, JavaScript, Python, Java, C#, Ruby, PHP) share.
const SW_KEY: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SW_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SW_TS: u64 = 1_614_265_330;
const SW_BODY: &[u8] = br#"{"test": 2432232314}"#;
const SW_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
/// A well-formed signature of something else, the libraries' decoy.
const SW_DECOY: &str = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn avara() -> Webhooks {
    Webhooks::new(AVARA_KEY).expect("the test key is valid")
}

/// Headers with these three values, as a server stores them.
fn headers(id: &str, timestamp: &str, signature: &str) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in [
        (HEADER_ID, id),
        (HEADER_TIMESTAMP, timestamp),
        (HEADER_SIGNATURE, signature),
    ] {
        map.insert(name, HeaderValue::from_str(value).expect("a header value"));
    }
    map
}

/// The Avara vector's headers.
fn avara_headers() -> HeaderMap {
    headers(AVARA_ID, &AVARA_TS.to_string(), AVARA_SIGNATURE)
}

/// Verifies the Avara vector's body with `map` at the vector's time.
fn check(map: &HeaderMap) -> Result<(), WebhookError> {
    avara().verify_signature_at(AVARA_BODY, map, at(AVARA_TS))
}

fn schema() -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned);
    let path: PathBuf = root
        .expect("tests/ sits in the repository")
        .join("schema/openapi.yaml");
    let text = std::fs::read_to_string(path).expect("the schema is readable");
    serde_yaml::from_str(&text).expect("the schema is YAML")
}

/// Every webhook of the schema: its name, the example of its body and of its answer.
fn webhook_examples() -> Vec<(String, Value, Value)> {
    let schema = schema();
    let webhooks = schema["webhooks"]
        .as_object()
        .expect("the schema has webhooks");
    webhooks
        .iter()
        .map(|(name, item)| {
            let post = &item["post"];
            let body = post["requestBody"]["content"]["application/json"]["example"].clone();
            let answer = post["responses"]["200"]["content"]["application/json"]["example"].clone();
            assert!(body.is_object(), "{name} has no body example");
            assert!(answer.is_object(), "{name} has no answer example");
            (name.clone(), body, answer)
        })
        .collect()
}

#[test]
fn the_avara_sdks_vector_verifies_and_decodes() {
    assert_eq!(AVARA_BODY.len(), 156);
    assert_eq!(
        avara().sign(AVARA_ID, at(AVARA_TS), AVARA_BODY),
        AVARA_SIGNATURE
    );
    let event = avara()
        .verify_at(AVARA_BODY, &avara_headers(), at(AVARA_TS))
        .expect("the vector verifies");
    assert_eq!(event.id(), "whe_1234567890abcdef1234567890abcdef");
    assert_eq!(event.event_type(), "ephemeral.access_requested");
    let Event::EphemeralAccessRequested(event) = event else {
        panic!("decoded as {event:?}");
    };
    assert_eq!(event.data.retrieval_id, "order-12345");
    assert_eq!(
        event.data.options,
        Some(json!({"studyInstanceUids": "bar"}))
    );
}

#[test]
fn the_standard_webhooks_vectors_sign_and_verify() {
    let hooks = Webhooks::new(SW_KEY).expect("valid key");
    assert_eq!(hooks.sign(SW_ID, at(SW_TS), SW_BODY), SW_SIGNATURE);
    let map = headers(SW_ID, &SW_TS.to_string(), SW_SIGNATURE);
    assert_eq!(hooks.verify_signature_at(SW_BODY, &map, at(SW_TS)), Ok(()));
    // The body is JSON but no event: verified, then refused for what it is.
    assert_eq!(
        hooks.verify_at(SW_BODY, &map, at(SW_TS)).map(|_| ()),
        Err(WebhookError::InvalidEvent {
            event_type: None,
            path: "type".into()
        })
    );
    // The vector of the Rust library of Standard Webhooks.
    let hooks = Webhooks::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").expect("valid key");
    let body = br#"{"email":"test@example.com","username":"test_user"}"#;
    assert_eq!(
        hooks.sign("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", at(1_649_367_553), body),
        "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
    );
}

#[test]
fn the_standard_webhooks_bad_signatures_are_refused() {
    let hooks = Webhooks::new(SW_KEY).expect("valid key");
    // The decoy, an empty tag, text that is not base64, a truncated tag, one character changed.
    for bad in [
        SW_DECOY,
        "v1,",
        "v1,dawfeoifkpqwoekfpqoekf",
        "v1,g0hM9SsE",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=",
    ] {
        let map = headers(SW_ID, &SW_TS.to_string(), bad);
        assert_eq!(
            hooks.verify_signature_at(SW_BODY, &map, at(SW_TS)),
            Err(WebhookError::NoMatchingSignature),
            "{bad}"
        );
    }
}

#[test]
fn keys_are_read_in_every_form_the_libraries_accept() {
    let reference = avara().sign(AVARA_ID, at(AVARA_TS), AVARA_BODY);
    // Without the prefix, without padding, with whitespace around, and as the raw bytes.
    for hooks in [
        Webhooks::new("c2VjcmV0Cg=="),
        Webhooks::new("whsec_c2VjcmV0Cg"),
        Webhooks::new(" whsec_c2VjcmV0Cg==\n"),
        Webhooks::from_bytes(b"secret\n"),
    ] {
        let hooks = hooks.expect("valid key");
        assert_eq!(hooks.sign(AVARA_ID, at(AVARA_TS), AVARA_BODY), reference);
    }
    // Text that is not base64 is the key's bytes.
    let raw = Webhooks::new("my secret!").expect("valid key");
    assert_eq!(
        raw.sign(AVARA_ID, at(AVARA_TS), AVARA_BODY),
        Webhooks::from_bytes("my secret!").expect("valid key").sign(
            AVARA_ID,
            at(AVARA_TS),
            AVARA_BODY
        )
    );
    for empty in ["", "whsec_", "  \n", " whsec_ "] {
        assert!(
            matches!(Webhooks::new(empty), Err(WebhookError::InvalidKey { .. })),
            "{empty:?}"
        );
    }
    assert!(matches!(
        Webhooks::from_bytes(b""),
        Err(WebhookError::InvalidKey { .. })
    ));
}

#[test]
fn every_event_of_the_schema_decodes_from_its_example_and_back() {
    let hooks = avara();
    let examples = webhook_examples();
    assert_eq!(examples.len(), 7);
    let now = SystemTime::now();
    for (name, body, _) in examples {
        let bytes = serde_json::to_vec(&body).expect("JSON");
        let map = hooks.signed_headers("msg_1", now, &bytes);
        let event = hooks
            .verify(&bytes, &map)
            .expect("a signed example verifies");
        assert_eq!(event.event_type(), name);
        assert_eq!(Some(event.id()), body["id"].as_str(), "{name}");
        let variant = match &event {
            Event::EphemeralAccessRequested(_) => "ephemeral.access_requested",
            Event::StudyAccessRequested(_) => "study.access_requested",
            Event::ReportDelivered(_) => "report.delivered",
            Event::SecondaryCaptureAccessRequested(_) => "secondary_capture.access_requested",
            Event::ModalityWorklistRequested(_) => "modality_worklist.requested",
            Event::PatientStudyEnrichmentRequested(_) => "patient_study.enrichment_requested",
            Event::ClinicalContextEnrichmentRequested(_) => "clinical_context.enrichment_requested",
            other => panic!("{name} decoded as {other:?}"),
        };
        assert_eq!(variant, name);
        // Every key of the example is a field of the event: it serializes back to the same JSON.
        assert_eq!(
            serde_json::to_value(&event).expect("serializes"),
            body,
            "{name}"
        );
    }
}

#[test]
fn the_fields_of_the_events_keep_their_wire_names() {
    let study = "stu_1234567890abcdef1234567890abcdef";
    let event = parse_unverified(
        json!({
            "id": "whe_1234567890abcdef1234567890abcdef",
            "type": "study.access_requested",
            "data": {"studyId": study, "studyInstanceUid": "1.2.3"},
        })
        .to_string()
        .as_bytes(),
    )
    .expect("decodes");
    let Event::StudyAccessRequested(event) = event else {
        panic!("decoded as {event:?}");
    };
    assert_eq!(event.data.study_id.as_str(), study);
    assert_eq!(event.data.study_instance_uid.as_str(), "1.2.3");

    // Decision 15: the fields of 0.3.0 are optional, so deliveries with or without them decode.
    let report = |extra: Value| {
        let mut data = json!({
            "isCritical": false,
            "presignedUrl": "https://files.example/r.pdf",
            "reportId": "rep_1234567890abcdef1234567890abcdef",
            "studyId": study,
        });
        if let (Some(data), Some(extra)) = (data.as_object_mut(), extra.as_object()) {
            data.extend(extra.clone());
        }
        let body = json!({"id": "whe_1", "type": "report.delivered", "data": data});
        match parse_unverified(body.to_string().as_bytes()) {
            Ok(Event::ReportDelivered(event)) => event.data,
            other => panic!("{other:?}"),
        }
    };
    let old = report(json!({}));
    assert_eq!(
        (old.study_instance_uid, old.external_patient_id),
        (None, None)
    );
    let new = report(json!({"studyInstanceUid": "1.2.3", "externalPatientId": "P-1"}));
    assert_eq!(
        new.study_instance_uid.map(|u| u.into_inner()),
        Some("1.2.3".into())
    );
    assert_eq!(new.external_patient_id.as_deref(), Some("P-1"));
    let null = report(json!({"studyInstanceUid": null, "externalPatientId": null}));
    assert_eq!(
        (null.study_instance_uid, null.external_patient_id),
        (None, None)
    );
}

#[test]
fn an_unknown_type_is_verified_and_kept_as_received() {
    let hooks = avara();
    let body = br#"{"id":"whe_9","type":"future.event","data":{"x":1},"extra":[true]}"#;
    let now = SystemTime::now();
    let map = hooks.signed_headers("msg_1", now, body);
    let event = hooks
        .verify(body, &map)
        .expect("an unknown type is not an error");
    assert_eq!((event.id(), event.event_type()), ("whe_9", "future.event"));
    let Event::Unknown(raw) = &event else {
        panic!("decoded as {event:?}");
    };
    assert_eq!(raw["data"]["x"], 1);
    assert_eq!(raw["extra"][0], true);
    // Without the envelope's `id`, or without a `type`, it is not an event.
    let body = br#"{"type":"future.event","data":{}}"#;
    let map = hooks.signed_headers("msg_1", now, body);
    assert_eq!(
        hooks.verify(body, &map).map(|_| ()),
        Err(WebhookError::InvalidEvent {
            event_type: Some("future.event".into()),
            path: "id".into()
        })
    );
    for (body, path) in [(&br#"{"id":"whe_9","type":7}"#[..], "type"), (b"[1]", ".")] {
        let map = hooks.signed_headers("msg_1", now, body);
        assert_eq!(
            hooks.verify(body, &map).map(|_| ()),
            Err(WebhookError::InvalidEvent {
                event_type: None,
                path: path.into()
            })
        );
    }
}

#[test]
fn a_known_type_that_does_not_match_its_schema_is_an_error_naming_type_and_place() {
    let body = json!({
        "id": "whe_1234567890abcdef1234567890abcdef",
        "type": "modality_worklist.requested",
        "data": {"callingAe": "CT1", "clinicId": "DOE^JOHN", "dateEnd": 5},
    })
    .to_string();
    let err = parse_unverified(body.as_bytes()).expect_err("dateEnd is not a string");
    assert_eq!(
        err,
        WebhookError::InvalidEvent {
            event_type: Some("modality_worklist.requested".into()),
            path: "data.dateEnd".into()
        }
    );
    let shown = format!("{err} / {err:?}");
    assert!(shown.contains("`modality_worklist.requested`"), "{shown}");
    assert!(!shown.contains("DOE") && !shown.contains("CT1"), "{shown}");
}

#[test]
fn extra_unknown_fields_of_a_known_event_are_accepted() {
    let mut body: Value = serde_json::from_slice(AVARA_BODY).expect("JSON");
    body["data"]["addedLater"] = json!({"nested": [1, 2]});
    body["deliveredAt"] = json!("2026-12-01T00:00:00Z");
    let bytes = serde_json::to_vec(&body).expect("JSON");
    let hooks = avara();
    let map = hooks.signed_headers(AVARA_ID, at(AVARA_TS), &bytes);
    let event = hooks
        .verify_at(&bytes, &map, at(AVARA_TS))
        .expect("verifies");
    assert!(
        matches!(event, Event::EphemeralAccessRequested(_)),
        "{event:?}"
    );
}

#[test]
fn a_tampered_body_is_refused() {
    let mut body = AVARA_BODY.to_vec();
    body[60] ^= 1;
    assert_eq!(
        avara().verify_signature_at(&body, &avara_headers(), at(AVARA_TS)),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn a_reserialized_body_is_refused() {
    // A `serde_json::Value` object sorts its keys, so the same JSON comes back as other bytes.
    let value: Value = serde_json::from_slice(AVARA_BODY).expect("JSON");
    let reserialized = serde_json::to_vec(&value).expect("JSON");
    assert_ne!(reserialized, AVARA_BODY);
    assert_eq!(
        avara()
            .verify_at(&reserialized, &avara_headers(), at(AVARA_TS))
            .map(|_| ()),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn a_wrong_key_is_refused() {
    let other = Webhooks::new(SW_KEY).expect("valid key");
    assert_eq!(
        other.verify_signature_at(AVARA_BODY, &avara_headers(), at(AVARA_TS)),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn a_signature_for_another_id_or_timestamp_is_refused() {
    let ts = AVARA_TS.to_string();
    assert_eq!(
        check(&headers("2", &ts, AVARA_SIGNATURE)),
        Err(WebhookError::NoMatchingSignature)
    );
    let earlier = avara().sign(AVARA_ID, at(AVARA_TS - 1), AVARA_BODY);
    assert_eq!(
        check(&headers(AVARA_ID, &ts, &earlier)),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn only_v1_entries_count_and_any_of_them_may_match() {
    let ts = AVARA_TS.to_string();
    let tag = &AVARA_SIGNATURE[3..];
    // The right tag under another version is not a `v1` signature.
    for version in ["v2", "v1a", "V1", ""] {
        assert_eq!(
            check(&headers(AVARA_ID, &ts, &format!("{version},{tag}"))),
            Err(WebhookError::NoMatchingSignature),
            "{version}"
        );
    }
    // Two entries of which only the second is valid, as during a key rotation.
    assert_eq!(
        check(&headers(
            AVARA_ID,
            &ts,
            &format!("{SW_DECOY} {AVARA_SIGNATURE}")
        )),
        Ok(())
    );
    // Malformed entries, other versions and doubled spaces before the valid one are skipped.
    let list = format!("garbage v1 v1,%%% v2,{tag}  {AVARA_SIGNATURE}");
    assert_eq!(check(&headers(AVARA_ID, &ts, &list)), Ok(()));
}

#[test]
fn missing_empty_repeated_or_non_ascii_headers_are_refused() {
    for name in [HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE] {
        let mut map = avara_headers();
        map.remove(name);
        let err = check(&map).expect_err("missing");
        assert_eq!(err, WebhookError::MissingHeader { name });
        assert!(err.to_string().contains(name), "{err}");

        let mut map = avara_headers();
        map.insert(name, HeaderValue::from_static(""));
        assert!(
            matches!(check(&map), Err(WebhookError::InvalidHeader { name: n, reason: "it is empty" }) if n == name)
        );

        let mut map = avara_headers();
        map.append(name, HeaderValue::from_static("1"));
        assert!(
            matches!(check(&map), Err(WebhookError::InvalidHeader { name: n, .. }) if n == name)
        );

        let mut map = avara_headers();
        map.insert(
            name,
            HeaderValue::from_bytes(b"caf\xe9").expect("a header value"),
        );
        assert!(
            matches!(check(&map), Err(WebhookError::InvalidHeader { name: n, .. }) if n == name)
        );
    }
    assert_eq!(
        check(&HeaderMap::new()),
        Err(WebhookError::MissingHeader { name: HEADER_ID })
    );
}

#[test]
fn header_names_match_whatever_their_case() {
    let mut map = HeaderMap::new();
    for (name, value) in [
        (&b"Webhook-Id"[..], AVARA_ID),
        (b"WEBHOOK-TIMESTAMP", "1700000000"),
        (b"webhook-Signature", AVARA_SIGNATURE),
    ] {
        let name = HeaderName::from_bytes(name).expect("a header name");
        map.insert(name, HeaderValue::from_str(value).expect("a header value"));
    }
    assert_eq!(check(&map), Ok(()));
}

#[test]
fn the_timestamp_may_be_300_seconds_off_and_no_more() {
    let signed_at = |ts: u64| {
        let hooks = avara();
        let signature = hooks.sign(AVARA_ID, at(ts), AVARA_BODY);
        headers(AVARA_ID, &ts.to_string(), &signature)
    };
    for ts in [
        AVARA_TS - 300,
        AVARA_TS - 299,
        AVARA_TS,
        AVARA_TS + 299,
        AVARA_TS + 300,
    ] {
        assert_eq!(check(&signed_at(ts)), Ok(()), "{ts}");
    }
    assert_eq!(
        check(&signed_at(AVARA_TS - 301)),
        Err(WebhookError::TimestampTooOld)
    );
    assert_eq!(
        check(&signed_at(AVARA_TS + 301)),
        Err(WebhookError::TimestampTooNew)
    );
    // Milliseconds are far in the future.
    assert_eq!(
        check(&signed_at(AVARA_TS * 1000)),
        Err(WebhookError::TimestampTooNew)
    );
    // A narrower tolerance.
    let strict = avara().with_tolerance(Duration::from_secs(10));
    assert_eq!(
        strict.verify_signature_at(AVARA_BODY, &signed_at(AVARA_TS - 11), at(AVARA_TS)),
        Err(WebhookError::TimestampTooOld)
    );
    // The system clock: a fresh signature passes, the vector of 2023 is too old.
    let hooks = avara();
    let map = hooks.signed_headers(AVARA_ID, SystemTime::now(), AVARA_BODY);
    assert_eq!(hooks.verify_signature(AVARA_BODY, &map), Ok(()));
    assert_eq!(
        hooks.verify_signature(AVARA_BODY, &avara_headers()),
        Err(WebhookError::TimestampTooOld)
    );
}

#[test]
fn a_timestamp_that_is_not_integer_seconds_is_refused() {
    for ts in [
        "teadwd",
        "1700000000.0",
        "-1700000000",
        "+1700000000",
        " 1700000000",
        "1e9",
    ] {
        assert_eq!(
            check(&headers(AVARA_ID, ts, AVARA_SIGNATURE)),
            Err(WebhookError::InvalidTimestamp),
            "{ts:?}"
        );
    }
    // Leading zeros: the signed content has the integer, as in the reference libraries.
    assert_eq!(
        check(&headers(AVARA_ID, "01700000000", AVARA_SIGNATURE)),
        Ok(())
    );
}

#[test]
fn non_ascii_bodies_verify_byte_for_byte() {
    let hooks = avara();
    let body =
        r#"{"id":"whe_1","type":"later.event","data":{"patientName":"MÜLLER^JOSÉ","note":"日本"}}"#;
    let map = hooks.signed_headers(AVARA_ID, at(AVARA_TS), body.as_bytes());
    let event = hooks
        .verify_at(body.as_bytes(), &map, at(AVARA_TS))
        .expect("verifies");
    let Event::Unknown(raw) = event else {
        panic!("decoded as {event:?}");
    };
    assert_eq!(raw["data"]["patientName"], "MÜLLER^JOSÉ");
    // Bytes that are not UTF-8 verify too, and are then refused as JSON.
    let bytes = b"\xff\xfe\x00raw";
    let map = hooks.signed_headers(AVARA_ID, at(AVARA_TS), bytes);
    assert_eq!(hooks.verify_signature_at(bytes, &map, at(AVARA_TS)), Ok(()));
    assert!(matches!(
        hooks.verify_at(bytes, &map, at(AVARA_TS)),
        Err(WebhookError::InvalidJson { .. })
    ));
}

#[test]
fn a_valid_signature_over_a_body_that_is_not_json_is_refused_after_verification() {
    let hooks = avara();
    for body in [&b"not json at all"[..], b"", b"{\"id\":"] {
        let map = hooks.signed_headers(AVARA_ID, at(AVARA_TS), body);
        assert_eq!(hooks.verify_signature_at(body, &map, at(AVARA_TS)), Ok(()));
        assert!(
            matches!(
                hooks.verify_at(body, &map, at(AVARA_TS)),
                Err(WebhookError::InvalidJson { line: 1, .. })
            ),
            "{body:?}"
        );
    }
    // A body that fails verification is never parsed: the error is the signature's.
    assert_eq!(
        avara()
            .verify_at(b"not json", &avara_headers(), at(AVARA_TS))
            .map(|_| ()),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn keys_signatures_header_values_and_body_values_never_appear_in_errors_or_debug() {
    let hooks = avara();
    let debug = format!("{hooks:?}");
    assert_eq!(debug, "Webhooks { key: <redacted>, tolerance: 300s }");
    let id = "msg_SENSITIVE_ID";
    let signature = hooks.sign(id, at(AVARA_TS), AVARA_BODY);
    let wrong = hooks.sign("other", at(AVARA_TS), AVARA_BODY);
    let mut errors = vec![
        Webhooks::new("").expect_err("empty"),
        parse_unverified(
            br#"{"id":"whe_1","type":"report.delivered","data":{"isCritical":"DOE^JOHN"}}"#,
        )
        .expect_err("not a boolean"),
        parse_unverified(b"{\"DOE^JOHN\"").expect_err("not JSON"),
    ];
    let ts = AVARA_TS.to_string();
    for (list, now) in [
        (wrong.as_str(), AVARA_TS),
        (signature.as_str(), AVARA_TS + 301),
        (signature.as_str(), AVARA_TS - 301),
    ] {
        let map = headers(id, &ts, list);
        errors.push(
            hooks
                .verify_at(AVARA_BODY, &map, at(now))
                .expect_err("refused"),
        );
        for name in [HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE] {
            let mut map = headers(id, &ts, list);
            map.append(name, HeaderValue::from_str(list).expect("a header value"));
            errors.push(
                hooks
                    .verify_at(AVARA_BODY, &map, at(now))
                    .expect_err("repeated"),
            );
        }
    }
    errors.push(
        hooks
            .verify_at(
                AVARA_BODY,
                &headers(id, "17000x0000", &signature),
                at(AVARA_TS),
            )
            .expect_err("bad timestamp"),
    );
    for err in &errors {
        let shown = format!("{err} / {err:?}");
        for secret in [
            &signature[3..],
            &wrong[3..],
            "c2VjcmV0Cg",
            id,
            "17000x0000",
            "1700000000",
            "DOE",
        ] {
            assert!(!shown.contains(secret), "{shown} shows {secret}");
        }
        // Every error is a standard error with a message of its own.
        let err: &dyn std::error::Error = err;
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn every_answer_serializes_to_the_json_avara_reads() {
    let cases: Vec<(Value, Value)> = vec![
        (
            serde_json::to_value(ReportDeliveredResponse { success: true }).expect("JSON"),
            json!({"success": true}),
        ),
        (
            serde_json::to_value(EphemeralAccessRequestedResponse {
                authorized: true,
                urls: vec!["https://pacs.example/1.dcm".into()],
                error: None,
                manifests: None,
                media_urls: None,
            })
            .expect("JSON"),
            json!({"authorized": true, "urls": ["https://pacs.example/1.dcm"]}),
        ),
        (
            serde_json::to_value(SecondaryCaptureAccessRequestedResponse {
                authorized: false,
                upload_urls: vec![],
                content_creator_name: None,
                error: Some("unknown study".into()),
            })
            .expect("JSON"),
            json!({"authorized": false, "uploadUrls": [], "error": "unknown study"}),
        ),
        (
            serde_json::to_value(PatientStudyEnrichmentRequestedResponse::default()).expect("JSON"),
            json!({}),
        ),
        (
            serde_json::to_value(ClinicalContextEnrichmentRequestedResponse {
                technologist_notes: Some(vec!["Contrast given".into()]),
                ..Default::default()
            })
            .expect("JSON"),
            json!({"technologistNotes": ["Contrast given"]}),
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }

    // The manifest's DICOM-style keys, and a series number given as a number or a string.
    let uid = "1.2.840.113619.2.55.3";
    let sop = StudyAccessRequestedManifestSop {
        sop_class_uid: "1.2.840.10008.5.1.4.1.1.4".into(),
        sop_instance_uid: format!("{uid}.1.1"),
        bits_allocated: Some(16),
        bits_stored: None,
        columns: Some(512),
        high_bit: None,
        instance_number: None,
        is_double_float_pixel_data: None,
        is_float_pixel_data: Some(false),
        number_of_frames: None,
        photometric_interpretation: Some("MONOCHROME2".into()),
        pixel_representation: None,
        rescale_intercept: Some(-1024.0),
        rescale_slope: Some(1.0),
        rows: Some(512),
        samples_per_pixel: Some(1),
    };
    let series = |number| StudyAccessRequestedManifestSeries {
        modality: "MR".into(),
        series_description: "Axial T1".into(),
        series_instance_uid: format!("{uid}.1"),
        series_number: number,
        sops: vec![sop.clone()],
    };
    let answer = StudyAccessRequestedResponse {
        authorized: true,
        urls: vec![],
        error: None,
        manifest: Some(StudyAccessRequestedManifest {
            series: vec![
                series(SeriesNumber::Integer(1)),
                series(SeriesNumber::String("2".into())),
            ],
            study_instance_uid: StudyInstanceUid::new(uid).expect("a UID"),
        }),
        media_urls: Some(vec![StudyAccessRequestedMediaUrl {
            file_name: None,
            mime_type: "application/pdf".into(),
            url: "https://files.example/order.pdf".into(),
        }]),
    };
    let sop_json = concat!(
        r#"{"sopClassUID":"1.2.840.10008.5.1.4.1.1.4","sopInstanceUID":"1.2.840.113619.2.55.3.1.1","#,
        r#""bitsAllocated":16,"columns":512,"isFloatPixelData":false,"#,
        r#""photometricInterpretation":"MONOCHROME2","rescaleIntercept":-1024.0,"rescaleSlope":1.0,"#,
        r#""rows":512,"samplesPerPixel":1}"#
    );
    let series_json = |number: &str| {
        format!(
            r#"{{"modality":"MR","seriesDescription":"Axial T1","seriesInstanceUID":"1.2.840.113619.2.55.3.1","seriesNumber":{number},"sops":[{sop_json}]}}"#
        )
    };
    assert_eq!(
        serde_json::to_string(&answer).expect("JSON"),
        format!(
            r#"{{"authorized":true,"urls":[],"manifest":{{"series":[{},{}],"studyInstanceUID":"1.2.840.113619.2.55.3"}},"mediaUrls":[{{"mimeType":"application/pdf","url":"https://files.example/order.pdf"}}]}}"#,
            series_json("1"),
            series_json(r#""2""#)
        )
    );

    // The worklist's PascalCase keys, `ID` and `UID` included.
    let answer = ModalityWorklistRequestedResponse {
        authorized: true,
        items: vec![ModalityWorklistItem {
            accession_number: "A1".into(),
            modality: "CT".into(),
            patient_birth_date: "19800101".into(),
            patient_id: "P1".into(),
            patient_name: "DOE^JANE".into(),
            patient_sex: "F".into(),
            patient_size: String::new(),
            patient_weight: "60".into(),
            protocol_name: "Head".into(),
            requested_procedure_description: "CT Head".into(),
            scheduled_procedure_step_sequence: vec![ModalityWorklistScheduledStep {
                modality: "CT".into(),
                scheduled_procedure_step_description: "CT Head".into(),
                scheduled_procedure_step_id: "S1".into(),
                scheduled_procedure_step_start_date: "20261201".into(),
                scheduled_procedure_step_start_time: "093000".into(),
            }],
            study_description: "CT Head".into(),
            study_instance_uid: StudyInstanceUid::new("1.2.3").expect("a UID"),
        }],
        error: None,
    };
    assert_eq!(
        serde_json::to_string(&answer).expect("JSON"),
        concat!(
            r#"{"authorized":true,"items":[{"AccessionNumber":"A1","Modality":"CT","#,
            r#""PatientBirthDate":"19800101","PatientID":"P1","PatientName":"DOE^JANE","#,
            r#""PatientSex":"F","PatientSize":"","PatientWeight":"60","ProtocolName":"Head","#,
            r#""RequestedProcedureDescription":"CT Head","ScheduledProcedureStepSequence":[{"#,
            r#""Modality":"CT","ScheduledProcedureStepDescription":"CT Head","#,
            r#""ScheduledProcedureStepID":"S1","ScheduledProcedureStepStartDate":"20261201","#,
            r#""ScheduledProcedureStepStartTime":"093000"}],"StudyDescription":"CT Head","#,
            r#""StudyInstanceUID":"1.2.3"}]}"#
        )
    );
}

#[test]
fn every_answer_example_of_the_schema_round_trips_through_its_type() {
    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(example: &Value) -> Value {
        let typed: T = serde_json::from_value(example.clone()).expect("the example decodes");
        serde_json::to_value(typed).expect("serializes")
    }
    for (name, _, answer) in webhook_examples() {
        let back = match name.as_str() {
            "ephemeral.access_requested" => round_trip::<EphemeralAccessRequestedResponse>(&answer),
            "study.access_requested" => round_trip::<StudyAccessRequestedResponse>(&answer),
            "report.delivered" => round_trip::<ReportDeliveredResponse>(&answer),
            "secondary_capture.access_requested" => {
                round_trip::<SecondaryCaptureAccessRequestedResponse>(&answer)
            }
            "modality_worklist.requested" => {
                round_trip::<ModalityWorklistRequestedResponse>(&answer)
            }
            "patient_study.enrichment_requested" => {
                round_trip::<PatientStudyEnrichmentRequestedResponse>(&answer)
            }
            "clinical_context.enrichment_requested" => {
                round_trip::<ClinicalContextEnrichmentRequestedResponse>(&answer)
            }
            other => panic!("a webhook this test does not know: {other}"),
        };
        assert_eq!(back, answer, "{name}");
    }
}

/// A receiver on 127.0.0.1 that verifies each request's raw body and headers and answers
/// `report.delivered`; deliveries are sent to it over HTTP as Avara sends them.
#[tokio::test]
async fn a_receiver_over_http_verifies_the_raw_body_and_answers() {
    use http_body_util::{BodyExt, Full};
    use hyper::body::{Bytes, Incoming};
    use hyper::service::service_fn;
    use hyper::{Request, Response, StatusCode};
    use hyper_util::rt::TokioIo;

    async fn receive(
        hooks: Webhooks,
        request: Request<Incoming>,
    ) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
        let (parts, body) = request.into_parts();
        let body = body
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let (status, answer) = match hooks.verify(&body, &parts.headers) {
            Ok(Event::ReportDelivered(_)) => (
                StatusCode::OK,
                serde_json::to_vec(&ReportDeliveredResponse { success: true }).unwrap_or_default(),
            ),
            Ok(_) => (StatusCode::OK, b"{}".to_vec()),
            Err(err) => (StatusCode::UNAUTHORIZED, err.to_string().into_bytes()),
        };
        let mut response = Response::new(Full::new(Bytes::from(answer)));
        *response.status_mut() = status;
        Ok(response)
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = listener.local_addr().expect("an address");
    let hooks = avara();
    let server = tokio::spawn({
        let hooks = hooks.clone();
        async move {
            while let Ok((stream, _)) = listener.accept().await {
                let hooks = hooks.clone();
                let service = service_fn(move |request| receive(hooks.clone(), request));
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service),
                );
            }
        }
    });

    let body = json!({
        "id": "whe_1234567890abcdef1234567890abcdef",
        "type": "report.delivered",
        "data": {
            "isCritical": true,
            "presignedUrl": "https://files.example/r.pdf",
            "reportId": "rep_1234567890abcdef1234567890abcdef",
            "studyId": "stu_1234567890abcdef1234567890abcdef",
        },
    })
    .to_string();
    let http = avara::reqwest::Client::new();
    let url = format!("http://{address}/webhooks/avara");
    let send = |body: String, headers: HeaderMap| {
        http.post(&url)
            .headers(headers)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let signed = hooks.signed_headers("msg_1", SystemTime::now(), body.as_bytes());
    let response = send(body.clone(), signed.clone())
        .await
        .expect("the receiver answers");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.text().await.expect("a body"),
        r#"{"success":true}"#
    );

    // The same delivery with its JSON reformatted is refused.
    let reformatted =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(&body).expect("JSON"))
            .expect("JSON");
    let response = send(reformatted, signed)
        .await
        .expect("the receiver answers");
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.text().await.expect("a body"),
        "webhook refused: no `v1` signature matches the delivery"
    );
    server.abort();
}

/// `cargo tree` of `avara` alone, as an application that depends on it sees it.
fn dependencies(features: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned);
    let mut command = std::process::Command::new(env!("CARGO"));
    command
        .args([
            "tree",
            "--offline",
            "-p",
            "avara",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(root.expect("tests/ sits in the repository"));
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn the_cryptography_is_built_only_with_the_webhooks_feature() {
    let crates = |tree: &str| -> Vec<String> {
        let mut names: Vec<String> = tree
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|name| ["hmac", "sha2", "digest"].contains(name))
            .map(str::to_owned)
            .collect();
        names.sort();
        names.dedup();
        names
    };
    assert_eq!(crates(&dependencies(&[])), Vec::<String>::new());
    assert_eq!(
        crates(&dependencies(&["webhooks"])),
        ["digest", "hmac", "sha2"]
    );
}
