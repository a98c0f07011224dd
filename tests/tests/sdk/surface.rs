//! The endpoints of API_FACTS_SURFACE.md that break the patterns of the first 28: bodiless POSTs,
//! a DELETE with a JSON body, untagged-union responses, a list that is not a page, a free-text
//! path parameter, the at-least-one rules of decision 22, nested nulls in a PATCH, the nulls of
//! decision 23, and the new enums' unknown values.

use avara::models::{
    AutoScribeStudy, ClinicalReference, ClinicalReferenceId, ClinicalReferenceType,
    EphemeralHangingProtocol, HeightUnit, ReportId, ReportPdfResult, ReportStatus,
    ReportTextResult, Sex, StudyInstanceUid, StudyReportMetadataPatch, StudyReportStatus,
    StudyReports, StudyType, ViewerLayout, WeightUnit,
};
use avara::{Error, Nullable};
use futures_util::future::BoxFuture;
use serde_json::{Value, json};
use wiremock::matchers::{any, method, path, query_param};
use wiremock::{Mock, MockServer};

use crate::common::{
    CUSTOMER, STUDY, Sequence, USER, client, customer_id, express_customer, failure, header,
    ok_json, received, server_expecting_nothing, study_id, user_id,
};

const REPORT: &str = "rep_1234567890abcdef1234567890abcdef";
const OTHER_REPORT: &str = "rep_fedcba0987654321fedcba0987654321";
const CLINICAL_REFERENCE: &str = "ref_1234567890abcdef1234567890abcdef";
const UID: &str = "1.2.840.113619.2.55.3.604688119.868.1234567890.123";

fn report_id() -> ReportId {
    ReportId::new(REPORT).expect("valid report id")
}

fn clinical_reference_id() -> ClinicalReferenceId {
    ClinicalReferenceId::new(CLINICAL_REFERENCE).expect("valid clinical reference id")
}

fn uid() -> StudyInstanceUid {
    StudyInstanceUid::new(UID).expect("valid uid")
}

fn success() -> Value {
    json!({"success": true, "message": "Done"})
}

/// A clinical reference as the API returns it.
fn clinical_reference() -> Value {
    json!({
        "clinicalReferenceId": CLINICAL_REFERENCE,
        "createdAt": "2024-03-01T09:00:00Z",
        "isActive": false,
        "name": "City Medical Center (deleted)",
        "type": "facility",
        "updatedAt": null,
        "externalReferenceId": "FAC/001 NE",
    })
}

/// An AutoScribe study as the API returns it, with only its required keys.
fn auto_scribe_study() -> Value {
    json!({
        "cancelledAt": null,
        "createdAt": "2024-03-15T14:35:00Z",
        "isCancelled": false,
        "reportMetadata": {},
        "severity": "high",
        "studyDescription": "MRI Brain with Contrast",
        "studyId": STUDY,
        "studyInstanceUid": UID,
        "studyReportStatus": "unassigned",
        "updatedAt": null,
    })
}

/// A report with a PDF URL: the single shape of `reports.pdf`, and an item of its list shape.
fn report_pdf(id: &str, is_critical: Value) -> Value {
    json!({
        "isCritical": is_critical,
        "presignedUrl": format!("https://files.example.test/{id}.pdf"),
        "reportId": id,
        "snapshotMetadata": {"mrn": "MRN-2024-001234"},
        "studyId": STUDY,
        "studyInstanceUid": UID,
    })
}

/// A report with its text: the single shape of `reports.text`, and an item of its list shape.
fn report_text(id: &str, is_critical: Value) -> Value {
    json!({
        "isCritical": is_critical,
        "reportId": id,
        "snapshotMetadata": {"patientName": "Jane Doe"},
        "studyId": STUDY,
        "studyInstanceUid": UID,
        "plainText": "IMPRESSION: No acute abnormality.",
    })
}

/// The list shape of `reports.pdf` and `reports.text`: a study's reports.
fn study_list(reports: Vec<Value>) -> Value {
    json!({"reports": reports, "studyId": STUDY, "studyInstanceUid": UID})
}

/// Sends one request to the mock server and drops the value.
type Send = fn(avara::Client) -> BoxFuture<'static, avara::Result<()>>;

// --- Bodiless POSTs (section 4.1, decision 14) -------------------------------------------------

/// A POST without a body: its path, a response it decodes, and the call.
type Bodiless = (&'static str, fn() -> Value, Send);

/// The five POSTs without a body.
const BODILESS: [Bodiless; 5] = [
    (
        "/v1/autoScribe/clinicalReferences/ref_1234567890abcdef1234567890abcdef/delete",
        clinical_reference,
        |c| {
            Box::pin(async move {
                let id = clinical_reference_id();
                c.auto_scribe()
                    .clinical_references()
                    .delete(&id)
                    .await
                    .map(drop)
            })
        },
    ),
    (
        "/v1/autoScribe/reports/rep_1234567890abcdef1234567890abcdef/addendum",
        success,
        |c| {
            Box::pin(async move {
                c.auto_scribe()
                    .reports()
                    .addendum(&report_id())
                    .await
                    .map(drop)
            })
        },
    ),
    (
        "/v1/autoScribe/reports/rep_1234567890abcdef1234567890abcdef/cancel-addendum",
        success,
        |c| {
            Box::pin(async move {
                let id = report_id();
                c.auto_scribe()
                    .reports()
                    .cancel_addendum(&id)
                    .await
                    .map(drop)
            })
        },
    ),
    (
        "/v1/express/cus_1234567890abcdef1234567890abcdef/deactivate",
        || express_customer(CUSTOMER),
        |c| Box::pin(async move { c.express().deactivate(&customer_id()).await.map(drop) }),
    ),
    (
        "/v1/express/cus_1234567890abcdef1234567890abcdef/reactivate",
        || express_customer(CUSTOMER),
        |c| Box::pin(async move { c.express().reactivate(&customer_id()).await.map(drop) }),
    ),
];

#[tokio::test]
async fn a_bodiless_post_sends_no_body_and_no_content_type_and_is_retried_unchanged() {
    for (at, answer, send) in BODILESS {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(at))
            .respond_with(Sequence::new(vec![failure(503), ok_json(answer())]))
            .expect(2)
            .mount(&server)
            .await;

        let result = send(client(&server)).await;

        assert!(result.is_ok(), "{at}: {result:?}");
        server.verify().await;
        let requests = received(&server).await;
        for request in &requests {
            assert!(request.body.is_empty(), "{at}: {:?}", request.body);
            assert_eq!(header(request, "content-type"), None, "{at}");
            assert_eq!(request.url.query(), None, "{at}");
        }
        let counts: Vec<_> = requests
            .iter()
            .map(|r| header(r, "x-stainless-retry-count"))
            .collect();
        assert_eq!(counts, [Some("0"), Some("1")], "{at}");
    }
}

// --- The DELETE with a JSON body (63) ----------------------------------------------------------

#[tokio::test]
async fn the_delete_keeps_its_json_body_and_content_type_on_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/express/{CUSTOMER}/users")))
        .respond_with(Sequence::new(vec![failure(503), ok_json(success())]))
        .expect(2)
        .mount(&server)
        .await;

    let result = client(&server)
        .express()
        .users()
        .remove(&customer_id())
        .user_id(user_id())
        .await;

    assert!(result.is_ok_and(|r| r.success));
    server.verify().await;
    let expected = format!(r#"{{"userId":"{USER}"}}"#);
    for request in received(&server).await {
        assert_eq!(String::from_utf8_lossy(&request.body), expected);
        assert_eq!(header(&request, "content-type"), Some("application/json"));
    }
}

// --- The untagged unions of `reports.pdf` and `reports.text` (53, 54; decision 24) -------------

/// A server answering `path` with `single` when asked by `reportId`, and with `list` when asked
/// by `studyId`.
async fn server_answering_by_lookup(at: &str, single: Value, list: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param("reportId", REPORT))
        .respond_with(ok_json(single))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param("studyId", STUDY))
        .respond_with(ok_json(list))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn each_shape_of_reports_pdf_decodes() {
    let server = server_answering_by_lookup(
        "/v1/autoScribe/reports/pdf",
        report_pdf(REPORT, json!(false)),
        study_list(vec![
            report_pdf(REPORT, json!(true)),
            report_pdf(OTHER_REPORT, Value::Null),
        ]),
    )
    .await;
    let reports = client(&server).auto_scribe().reports();

    let single = reports.pdf().report_id(report_id()).await.expect("decodes");
    let ReportPdfResult::ReportPdf(single) = single else {
        panic!("a single report, got {single:?}")
    };
    assert_eq!(single.report_id.as_str(), REPORT);
    assert_eq!(single.is_critical, Some(false));
    assert!(single.presigned_url.expose_url().ends_with(".pdf"));

    let list = reports.pdf().study_id(study_id()).await.expect("decodes");
    let ReportPdfResult::StudyReportPdfs(list) = list else {
        panic!("the study's list, got {list:?}")
    };
    assert_eq!(list.study_instance_uid.as_str(), UID);
    let ids: Vec<&str> = list.reports.iter().map(|r| r.report_id.as_str()).collect();
    assert_eq!(ids, [REPORT, OTHER_REPORT]);
    assert_eq!(list.reports[1].is_critical, None);
}

#[tokio::test]
async fn each_shape_of_reports_text_decodes() {
    let server = server_answering_by_lookup(
        "/v1/autoScribe/reports/text",
        report_text(REPORT, json!(false)),
        study_list(vec![report_text(REPORT, Value::Null)]),
    )
    .await;
    let reports = client(&server).auto_scribe().reports();

    let single = reports
        .text()
        .report_id(report_id())
        .await
        .expect("decodes");
    let ReportTextResult::ReportText(single) = single else {
        panic!("a single report, got {single:?}")
    };
    assert_eq!(single.report_id.as_str(), REPORT);
    assert_eq!(
        single.plain_text.as_deref(),
        Some("IMPRESSION: No acute abnormality.")
    );

    let list = reports.text().study_id(study_id()).await.expect("decodes");
    let ReportTextResult::StudyReportTexts(list) = list else {
        panic!("the study's list, got {list:?}")
    };
    assert_eq!(list.reports.len(), 1);
    assert_eq!(list.reports[0].is_critical, None);
}

/// The decode error of `reports.pdf` or `reports.text` for a server answering `body`.
async fn report_lookup_error(text: bool, body: Value) -> avara::DecodeError {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_json(body))
        .mount(&server)
        .await;
    let reports = client(&server).auto_scribe().reports();
    let error = if text {
        reports.text().study_id(study_id()).await.map(drop)
    } else {
        reports.pdf().study_id(study_id()).await.map(drop)
    };
    match error {
        Err(Error::Decode(err)) => err,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// The two unions, each with its single member's name and the list member's name.
const REPORT_UNIONS: [(bool, &str, &str, &str); 2] = [
    (false, "ReportPdfResult", "ReportPdf", "StudyReportPdfs"),
    (true, "ReportTextResult", "ReportText", "StudyReportTexts"),
];

/// The single shape of `reports.pdf` or `reports.text`.
fn single_report(text: bool, id: &str) -> Value {
    if text {
        report_text(id, json!(false))
    } else {
        report_pdf(id, json!(false))
    }
}

/// `value` without `key`.
fn without(mut value: Value, key: &str) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove(key);
    }
    value
}

#[tokio::test]
async fn a_body_with_reports_and_every_single_report_key_decodes_as_the_list() {
    // Decision 24: `reports` chooses the list, even when the body also has every key of the
    // single report (which has more required keys).
    for (text, ..) in REPORT_UNIONS {
        let mut body = single_report(text, REPORT);
        if let Some(object) = body.as_object_mut() {
            object.insert("reports".into(), json!([single_report(text, OTHER_REPORT)]));
        }
        let server = server_answering_by_lookup(
            if text {
                "/v1/autoScribe/reports/text"
            } else {
                "/v1/autoScribe/reports/pdf"
            },
            json!({}),
            body,
        )
        .await;
        let reports = client(&server).auto_scribe().reports();
        let ids: Vec<String> = if text {
            match reports.text().study_id(study_id()).await {
                Ok(ReportTextResult::StudyReportTexts(list)) => list
                    .reports
                    .iter()
                    .map(|r| r.report_id.as_str().to_owned())
                    .collect(),
                other => panic!("the study's list, got {other:?}"),
            }
        } else {
            match reports.pdf().study_id(study_id()).await {
                Ok(ReportPdfResult::StudyReportPdfs(list)) => list
                    .reports
                    .iter()
                    .map(|r| r.report_id.as_str().to_owned())
                    .collect(),
                other => panic!("the study's list, got {other:?}"),
            }
        };
        assert_eq!(ids, [OTHER_REPORT]);
    }
}

#[tokio::test]
async fn a_single_report_missing_a_key_reports_that_key_not_no_member() {
    // Decision 24: without `reports` the value is the single report, decoded strictly.
    for (text, union, single, list) in REPORT_UNIONS {
        let key = if text { "reportId" } else { "presignedUrl" };
        let body = without(single_report(text, REPORT), key);
        let err = report_lookup_error(text, body.clone()).await;
        let message = err.to_string();
        assert!(
            message.contains(&format!("`{union}::{single}`")),
            "{message}"
        );
        assert!(
            message.contains(&format!("missing field `{key}`")),
            "{message}"
        );
        assert!(
            message.contains(&format!("{list}: missing `reports`")),
            "{message}"
        );
        assert!(!message.contains("no member"), "{message}");
        assert_eq!(serde_json::from_str::<Value>(err.body()).ok(), Some(body));
    }
}

#[tokio::test]
async fn a_report_result_with_neither_shape_is_read_as_the_single_report_and_names_what_it_lacks() {
    // Neither shape's keys: without `reports` it can only be the single report, whose own
    // error is reported.
    let neither = json!({"studyId": STUDY, "studyInstanceUid": UID});
    for (text, union, single, list) in REPORT_UNIONS {
        let err = report_lookup_error(text, neither.clone()).await;
        let message = err.to_string();
        assert!(
            message.contains(&format!("`{union}::{single}`")),
            "{message}"
        );
        assert!(message.contains("missing field"), "{message}");
        assert!(
            message.contains(&format!("{list}: missing `reports`")),
            "{message}"
        );
        assert!(!message.contains("no member"), "{message}");
        assert_eq!(
            serde_json::from_str::<Value>(err.body()).ok(),
            Some(neither.clone())
        );
    }
}

#[tokio::test]
async fn a_malformed_study_list_reports_its_items_own_error_not_no_match() {
    // Decision 24: the `reports` key chooses the list shape, which is then decoded strictly.
    for (text, union, _, list) in REPORT_UNIONS {
        let key = if text { "reportId" } else { "presignedUrl" };
        let malformed = study_list(vec![
            single_report(text, REPORT),
            without(single_report(text, OTHER_REPORT), key),
        ]);
        let message = report_lookup_error(text, malformed).await.to_string();
        assert!(message.contains(&format!("`{union}::{list}`")), "{message}");
        assert!(
            message.contains(&format!("at `reports[1]`: missing field `{key}`")),
            "{message}"
        );
        assert!(!message.contains("no member"), "{message}");
    }
}

// --- `reports.list` is not a page (50) ---------------------------------------------------------

#[tokio::test]
async fn the_reports_list_is_one_plain_response_even_with_page_like_keys() {
    let server = MockServer::start().await;
    let body = json!({
        "reports": [{
            "createdAt": "2024-03-15T15:00:00Z",
            "isAddendum": false,
            "isCritical": null,
            "reportId": REPORT,
            "signedAt": null,
            "snapshotMetadata": {},
            "status": "in_progress",
            "studyId": STUDY,
            "updatedAt": null,
            "userId": USER,
        }],
        "studyId": STUDY,
        "studyInstanceUid": UID,
        "cursor": "eyJvZmZzZXQiOjIwfQ==",
        "hasMore": true,
    });
    Mock::given(method("GET"))
        .and(path("/v1/autoScribe/reports"))
        .respond_with(ok_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let reports: StudyReports = client(&server)
        .auto_scribe()
        .reports()
        .list()
        .study_id(study_id())
        .await
        .expect("decodes");

    assert_eq!(reports.reports.len(), 1);
    assert_eq!(reports.reports[0].status, ReportStatus::InProgress);
    server.verify().await;
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.query(),
        Some(format!("studyId={STUDY}").as_str())
    );
}

// --- The free-text path parameter (34, decision 19) --------------------------------------------

#[tokio::test]
async fn an_external_reference_id_is_sent_as_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_json(clinical_reference()))
        .mount(&server)
        .await;

    let reference: ClinicalReference = client(&server)
        .auto_scribe()
        .clinical_references()
        .retrieve_by_external_reference_id("FAC/001 NE")
        .await
        .expect("retrieves");

    assert_eq!(
        reference.external_reference_id.as_deref(),
        Some("FAC/001 NE")
    );
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.path(),
        "/v1/autoScribe/clinicalReferences/byExternalReferenceId/FAC%2F001%20NE"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn a_dot_segment_or_empty_external_reference_id_is_refused_before_sending() {
    let server = server_expecting_nothing().await;
    let client = client(&server);
    for value in ["..", ".", ""] {
        let result = client
            .auto_scribe()
            .clinical_references()
            .retrieve_by_external_reference_id(value)
            .await;
        assert!(
            matches!(&result, Err(Error::InvalidRequest(err)) if err.name() == "externalReferenceId"),
            "{value:?}: {result:?}"
        );
    }
    server.verify().await;
}

// --- Unknown values of the new enums (section 3.2, AF decision 4) ------------------------------

/// Checks an enum's known wire values (in the facts' order, each round-tripping) and that
/// `unknown` decodes as an unknown value and serializes back unchanged.
macro_rules! check_enum {
    ($ty:ident, [$($wire:literal),+ $(,)?], $unknown:literal) => {{
        let known: Vec<&str> = $ty::KNOWN.iter().map($ty::as_str).collect();
        assert_eq!(known, [$($wire),+], stringify!($ty));
        for value in $ty::KNOWN {
            let json = serde_json::to_string(value).expect("serializes");
            assert_eq!(json, format!("\"{}\"", value.as_str()));
            let back: $ty = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(&back, value);
            assert!(back.is_known());
        }
        let json = concat!("\"", $unknown, "\"");
        let value: $ty = serde_json::from_str(json).expect(concat!(
            stringify!($ty),
            ": an unknown value still decodes"
        ));
        assert!(
            matches!(&value, $ty::Unknown(raw) if raw.as_str() == $unknown),
            "{}: {value:?}",
            stringify!($ty)
        );
        assert!(!value.is_known());
        assert_eq!(value, $ty::from_wire($unknown));
        assert_eq!(value.as_str(), $unknown);
        assert_eq!(serde_json::to_string(&value).expect("serializes"), json);
        assert!($unknown.parse::<$ty>().is_err(), "parse is strict");
    }};
}

#[test]
fn unknown_values_of_the_new_enums_decode_as_unknown_and_serialize_back_unchanged() {
    check_enum!(
        ClinicalReferenceType,
        [
            "facility",
            "referring_provider",
            "study_description",
            "procedure"
        ],
        "insurance_plan"
    );
    check_enum!(
        StudyReportStatus,
        [
            "unassigned",
            "assigned",
            "in_progress",
            "completed",
            "addendum_active"
        ],
        "on_hold"
    );
    check_enum!(ReportStatus, ["in_progress", "completed"], "retracted");
    check_enum!(StudyType, ["standard", "external"], "imported");
    check_enum!(Sex, ["male", "female", "other"], "unknown");
    check_enum!(HeightUnit, ["in", "cm"], "inches");
    check_enum!(WeightUnit, ["lbs", "kg"], "g");
    check_enum!(
        ViewerLayout,
        [
            "1x1", "1x2", "1x3", "1x4", "2x1", "2x2", "2x3", "2x4", "3x1", "3x2", "3x3", "3x4",
            "4x1", "4x2", "4x3", "4x4"
        ],
        "5x5"
    );
}

#[tokio::test]
async fn unknown_enum_values_in_a_response_are_kept() {
    let server = MockServer::start().await;
    let mut body = auto_scribe_study();
    body["studyReportStatus"] = json!("on_hold");
    body["studyType"] = json!("imported");
    body["reportMetadata"] = json!({
        "sex": "intersex",
        "height": {"unit": "mm", "value": 1655},
        "weight": {"unit": "g", "value": 62300},
    });
    body["reportIds"] = json!([{"isCritical": null, "reportId": REPORT, "status": "retracted"}]);
    Mock::given(any())
        .respond_with(ok_json(body))
        .mount(&server)
        .await;

    let study: AutoScribeStudy = client(&server)
        .auto_scribe()
        .studies()
        .retrieve(&study_id())
        .await
        .expect("unknown values decode");

    assert_eq!(study.study_report_status.as_str(), "on_hold");
    assert_eq!(
        study.study_type.as_ref().map(StudyType::as_str),
        Some("imported")
    );
    let metadata = &study.report_metadata;
    assert_eq!(metadata.sex.as_ref().map(Sex::as_str), Some("intersex"));
    assert_eq!(
        metadata.height.as_ref().map(|h| h.unit.as_str()),
        Some("mm")
    );
    assert_eq!(metadata.weight.as_ref().map(|w| w.unit.as_str()), Some("g"));
    let report_ids = study.report_ids.as_deref().unwrap_or_default();
    assert_eq!(report_ids[0].status.as_str(), "retracted");
}

#[tokio::test]
async fn an_ephemeral_session_is_sent_in_the_python_wire_form_an_unknown_layout_unchanged() {
    // Section 2.2 gives the wire form; a layout this SDK does not know goes out as given.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_json(
            json!({"url": "https://app.example.test/e?token=t"}),
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    for (layout, wire) in [
        (ViewerLayout::V2x2, "2x2"),
        (ViewerLayout::from_wire("5x5"), "5x5"),
    ] {
        let protocol = EphemeralHangingProtocol {
            layout,
            viewport_assignments: vec![Some("a".to_owned()), None],
        };
        client
            .viewer()
            .ephemeral_sessions()
            .create()
            .retrieval_id("order-1")
            .hanging_protocol(protocol)
            .options(json!({"x": [1, 2]}))
            .await
            .expect("creates");
        let expected = format!(
            r#"{{"retrievalId":"order-1","hangingProtocol":{{"layout":"{wire}","viewportAssignments":["a",null]}},"options":{{"x":[1,2]}}}}"#
        );
        let requests = received(&server).await;
        let request = requests.last().expect("a request");
        assert_eq!(String::from_utf8_lossy(&request.body), expected);
    }
}

// --- The at-least-one rules (decision 22) ------------------------------------------------------

const STUDY_FIELDS: &str = "studyId or studyInstanceUid";
const REPORT_FIELDS: &str = "reportId, studyId or studyInstanceUid";

/// Requests naming none of the fields of their rule, with the rule's fields as the error names
/// them.
const NAMING_NONE: [(&str, &str, Send); 10] = [
    ("reports.list", STUDY_FIELDS, |c| {
        Box::pin(async move { c.auto_scribe().reports().list().await.map(drop) })
    }),
    ("reports.pdf", REPORT_FIELDS, |c| {
        Box::pin(async move { c.auto_scribe().reports().pdf().await.map(drop) })
    }),
    ("reports.text", REPORT_FIELDS, |c| {
        Box::pin(async move { c.auto_scribe().reports().text().await.map(drop) })
    }),
    ("studies.cancel", STUDY_FIELDS, |c| {
        Box::pin(async move { c.auto_scribe().studies().cancel().await.map(drop) })
    }),
    ("studies.uncancel", STUDY_FIELDS, |c| {
        Box::pin(async move { c.auto_scribe().studies().uncancel().await.map(drop) })
    }),
    ("studies.reroute_url", STUDY_FIELDS, |c| {
        Box::pin(async move {
            let studies = c.auto_scribe().studies();
            studies
                .reroute_url()
                .assigned_to_user_id(user_id())
                .await
                .map(drop)
        })
    }),
    ("studies.viewer_only_reroute_url", STUDY_FIELDS, |c| {
        Box::pin(async move {
            let studies = c.auto_scribe().studies();
            studies
                .viewer_only_reroute_url()
                .user_id(user_id())
                .await
                .map(drop)
        })
    }),
    ("studies.external.delete", STUDY_FIELDS, |c| {
        Box::pin(async move {
            c.auto_scribe()
                .studies()
                .external()
                .delete()
                .await
                .map(drop)
        })
    }),
    ("studies.external.reports.create", STUDY_FIELDS, |c| {
        Box::pin(async move {
            let reports = c.auto_scribe().studies().external().reports();
            reports
                .create()
                .reader_name("Dr. Emily Park")
                .await
                .map(drop)
        })
    }),
    ("users.invitations.revoke", "invitationId or userId", |c| {
        Box::pin(async move {
            let invitations = c.auto_scribe().users().invitations();
            invitations.revoke().await.map(drop)
        })
    }),
];

#[tokio::test]
async fn a_request_naming_none_of_the_fields_of_its_rule_is_refused_before_sending() {
    let server = server_expecting_nothing().await;
    for (operation, fields, send) in NAMING_NONE {
        let result = send(client(&server)).await;
        let Err(Error::InvalidRequest(err)) = &result else {
            panic!("{operation}: expected an invalid request, got {result:?}")
        };
        assert_eq!(err.name(), fields, "{operation}");
        assert!(err.message().contains("at least one"), "{operation}: {err}");
    }
    server.verify().await;
}

#[test]
fn validate_reports_the_rule_without_a_request() {
    let client = avara::Client::builder()
        .api_key("k")
        .build()
        .expect("client builds");
    let list = client.auto_scribe().reports().list();
    let err = list.validate().expect_err("neither field is set");
    assert_eq!(err.name(), STUDY_FIELDS);
    assert!(list.study_id(study_id()).validate().is_ok());
}

#[tokio::test]
async fn a_query_rule_accepts_one_or_both_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(study_list(vec![])))
        .mount(&server)
        .await;
    let reports = client(&server).auto_scribe().reports();

    reports
        .list()
        .study_id(study_id())
        .await
        .expect("by study ID");
    reports
        .list()
        .study_instance_uid(uid())
        .await
        .expect("by UID");
    reports
        .list()
        .study_id(study_id())
        .study_instance_uid(uid())
        .await
        .expect("by both");
    reports
        .pdf()
        .report_id(report_id())
        .await
        .expect("by report ID");

    let queries: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            format!("studyId={STUDY}"),
            format!("studyInstanceUid={UID}"),
            format!("studyId={STUDY}&studyInstanceUid={UID}"),
            format!("reportId={REPORT}"),
        ]
    );
}

#[tokio::test]
async fn a_body_rule_accepts_one_or_both_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_json(success()))
        .mount(&server)
        .await;
    let studies = client(&server).auto_scribe().studies();

    studies
        .cancel()
        .study_id(study_id())
        .await
        .expect("by study ID");
    studies
        .uncancel()
        .study_instance_uid(uid())
        .await
        .expect("by UID");
    studies
        .external()
        .delete()
        .study_id(study_id())
        .study_instance_uid(uid())
        .await
        .expect("by both");

    let bodies: Vec<Value> = received(&server)
        .await
        .iter()
        .map(|r| serde_json::from_slice(&r.body).expect("a JSON body"))
        .collect();
    assert_eq!(
        bodies,
        [
            json!({"studyId": STUDY}),
            json!({"studyInstanceUid": UID}),
            json!({"studyId": STUDY, "studyInstanceUid": UID}),
        ]
    );
}

// --- Nulls in a PATCH (38) and the nulls of decision 23 ----------------------------------------

/// The body sent by one AutoScribe study update with the fields `set` sets.
async fn sent_study_update(
    set: impl FnOnce(avara::auto_scribe::studies::Update) -> avara::auto_scribe::studies::Update,
) -> String {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/v1/autoScribe/studies/{STUDY}")))
        .respond_with(ok_json(auto_scribe_study()))
        .mount(&server)
        .await;
    set(client(&server).auto_scribe().studies().update(&study_id()))
        .await
        .expect("updates");
    String::from_utf8_lossy(&received(&server).await[0].body).into_owned()
}

#[tokio::test]
async fn the_nested_nulls_of_a_patch_are_sent_as_json_null() {
    // Section 2.3 (38): the Python SDK's wire form.
    let patch = StudyReportMetadataPatch {
        mrn: Nullable::Null,
        ..Default::default()
    };
    let body = sent_study_update(|update| update.prior_reports_null().report_metadata(patch)).await;
    assert_eq!(
        body,
        r#"{"priorReports":null,"reportMetadata":{"mrn":null}}"#
    );

    let patch = StudyReportMetadataPatch {
        height: Nullable::Null,
        procedure: Nullable::Value("MRI Brain".to_owned()),
        sex: Nullable::Value(Sex::Female),
        ..Default::default()
    };
    let body = sent_study_update(|update| update.report_metadata(patch)).await;
    assert_eq!(
        body,
        r#"{"reportMetadata":{"height":null,"procedure":"MRI Brain","sex":"female"}}"#
    );
}

#[tokio::test]
async fn the_nulls_of_decision_23_are_sent() {
    // (38) "or null to unassign", "or null to remove".
    let body =
        sent_study_update(|update| update.assigned_to_null().express_customer_id_null()).await;
    assert_eq!(body, r#"{"assignedTo":null,"expressCustomerId":null}"#);

    // (32) "pass null for clinic-wide references", sent as an empty value.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(json!({"clinicalReferences": [], "hasMore": false})))
        .mount(&server)
        .await;
    client(&server)
        .auto_scribe()
        .clinical_references()
        .list()
        .express_customer_id_null()
        .await
        .expect("page decodes");
    assert_eq!(
        received(&server).await[0].url.query(),
        Some("expressCustomerId=")
    );
}

#[tokio::test]
async fn an_express_customer_created_through_the_api_reads_a_null_creator() {
    // Section 3.4.10 and decision 23: `createdByUserId` is null (or absent) for API-created ones.
    let server = MockServer::start().await;
    let mut without = express_customer(CUSTOMER);
    without
        .as_object_mut()
        .expect("an object")
        .remove("createdByUserId");
    Mock::given(any())
        .respond_with(Sequence::new(vec![
            ok_json(express_customer(CUSTOMER)),
            ok_json(without),
        ]))
        .mount(&server)
        .await;
    let express = client(&server).express();
    for _ in 0..2 {
        let customer = express.retrieve(&customer_id()).await.expect("decodes");
        assert_eq!(customer.created_by_user_id, None);
        assert_eq!(customer.user_count, 12);
    }
}
