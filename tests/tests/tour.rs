//! Acceptance test of the tour example (`tests/examples/tour.rs`).
//!
//! A local mock server answers the 63 endpoints of `schema/openapi.yaml` with the schema's own
//! `200` examples; the tour runs against it as a separate process (`cargo run --example tour`),
//! and the requests it made are checked against TOUR.md and API_FACTS (and its second part for
//! the endpoints after the first 28): method, path with its exact encoding, query string, JSON
//! body (explicit nulls included), bodiless POSTs, and headers. The server also answers one
//! request with a 503 once, to see the retry on the wire, and gives the Viewer studies list a
//! second page, to see the next-page request.
//!
//! The tour runs once per test binary; each test below checks one aspect of that run. Two tests
//! make runs of their own: one against a server that refuses everything, and one that asks the
//! mock directly whether its answers send `null` for every nullable response field.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[path = "tour/served_nulls.rs"]
mod served_nulls;
#[path = "../support/tour_server.rs"]
mod tour_server;

use tour_server::{Api, Documented, FLAKY, REPORT_ID, TWO_PAGES};

const API_KEY: &str = "sk-tour-test-key";
const U: &str = "usr_1234567890abcdef1234567890abcdef";
const I: &str = "inv_1234567890abcdef1234567890abcdef";
const S: &str = "stu_1234567890abcdef1234567890abcdef";
const C: &str = "cus_1234567890abcdef1234567890abcdef";
const UID: &str = "1.2.840.113619.2.55.3.604688119.868.1234567890.123";
const R: &str = "ref_1234567890abcdef1234567890abcdef";
/// The external reference ID `FAC/001 NE` as it must appear in the path: one segment.
const XREF_SEGMENT: &str = "FAC%2F001%20NE";
const XS: &str = "stu_fedcba0987654321fedcba0987654321";
const XUID: &str = "1.2.840.113619.2.55.3.604688119.868.1234567890.456";
const EXT: &str = "ext_1234567890abcdef1234567890abcdef";
const REP: &str = "rep_1234567890abcdef1234567890abcdef";
/// The tour's starting cursor `eyJvZmZzZXQiOjIwfQ==` as it must appear in a query string.
const CURSOR: &str = "eyJvZmZzZXQiOjIwfQ%3D%3D";
/// The cursor of the second page of the Viewer studies list ([`NEXT_CURSOR`]) as sent.
const NEXT_CURSOR_SENT: &str = "eyJvZmZzZXQiOjQwfQ%3D%3D";

/// What the tour printed and what the server received.
struct TourRun {
    output: Output,
    requests: Vec<Request>,
    api: Arc<Api>,
}

/// One request the tour must make, as API_FACTS describes it.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    method: &'static str,
    path: String,
    /// Query pairs exactly as sent (still percent-encoded), sorted.
    query: Vec<(String, String)>,
    body: Option<Value>,
    retry_count: &'static str,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The one run of the tour shared by every test.
fn tour() -> &'static TourRun {
    static RUN: OnceLock<Result<TourRun, String>> = OnceLock::new();
    match RUN.get_or_init(run_tour) {
        Ok(run) => run,
        Err(err) => panic!("the tour could not be run: {err}"),
    }
}

fn run_tour() -> Result<TourRun, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| err.to_string())?;
    runtime.block_on(async {
        let (server, api) = tour_server::start(&repo_root()).await?;
        // The mock server runs on its own thread, so blocking here while the tour runs is fine.
        let output = tour_server::run_example(&repo_root(), &server.uri(), API_KEY, &[])?;
        let requests = server
            .received_requests()
            .await
            .ok_or("request recording is off")?;
        Ok(TourRun {
            output,
            requests,
            api,
        })
    })
}

/// The query pairs of a query string, still percent-encoded, sorted.
fn raw_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// Expected query pairs, sorted like [`raw_pairs`].
fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// A GET without a body.
fn get(path: String, pairs: &[(&str, &str)]) -> Expected {
    Expected {
        method: "GET",
        path,
        query: query(pairs),
        body: None,
        retry_count: "0",
    }
}

/// A request with a JSON body and no query.
fn send(method: &'static str, path: String, body: Value) -> Expected {
    Expected {
        method,
        path,
        query: Vec::new(),
        body: Some(body),
        retry_count: "0",
    }
}

/// A POST without a body: the operation defines none.
fn bodiless(path: String) -> Expected {
    Expected {
        method: "POST",
        path,
        query: Vec::new(),
        body: None,
        retry_count: "0",
    }
}

/// The query of the AutoScribe and Viewer users lists in steps 2 and 20.
fn users_query(with_can_create_reports: bool) -> Vec<(&'static str, &'static str)> {
    let mut pairs = vec![
        ("cursor", CURSOR),
        ("email", "user%40example.com"),
        ("firstName", "John"),
        ("invitedSource", "api"),
        ("lastName", "Doe"),
        ("level", "member"),
        ("limit", "20"),
    ];
    if with_can_create_reports {
        pairs.push(("canCreateReports", "true"));
    }
    pairs
}

/// The query of the two invitations lists in steps 7 and 25.
fn invitations_query() -> [(&'static str, &'static str); 7] {
    [
        ("cursor", CURSOR),
        ("endDate", "2024-12-31"),
        ("expired", "not-expired"),
        ("limit", "20"),
        ("startDate", "2024-01-01"),
        ("status", "sent"),
        ("userId", U),
    ]
}

/// The query of the Viewer studies list in step 12, with the cursor of one of its pages.
fn studies_query(cursor: &'static str) -> [(&'static str, &'static str); 8] {
    [
        ("assignedTo", U),
        ("cursor", cursor),
        ("expressCustomerId", C),
        ("isCancelled", "false"),
        ("limit", "20"),
        ("severity", "normal"),
        ("studyDescription", "CT%20Head"),
        ("studyViewerStatus", "incomplete"),
    ]
}

/// A user or invitation update body (steps 4, 9, 22, 27); AutoScribe adds two fields.
fn update_body(first: &str, last: &str, level: &str, auto_scribe: bool) -> Value {
    let mut body = json!({
        "canManageStudies": true, "clinicRole": "Radiologist", "firstName": first,
        "hasDashboardAccess": true, "lastName": last, "level": level, "middleName": "x",
        "phoneNumber": "5551234567", "suffix1": "x", "suffix2": "x",
    });
    if auto_scribe {
        body["canCreateReports"] = json!(true);
        body["npiNumber"] = json!("1234567893");
    }
    body
}

/// An invite body (steps 1 and 19); AutoScribe adds two fields.
fn invite_body(auto_scribe: bool) -> Value {
    let mut body = json!({
        "canManageStudies": true, "clinicRole": "Radiologist", "email": "dr.johnson@hospital.org",
        "firstName": "Sarah", "hasDashboardAccess": true, "lastName": "Johnson", "level": "member",
        "middleName": "Marie", "phoneNumber": "5551234567", "suffix1": "MD", "suffix2": "FACR",
    });
    if auto_scribe {
        body["canCreateReports"] = json!(true);
        body["npiNumber"] = json!("1234567893");
    }
    body
}

/// One step of the tour: the name it prints and the requests it must make.
struct Step {
    name: &'static str,
    requests: Vec<Expected>,
    /// What the tour counts and prints after `ok`.
    count: Count,
}

/// What a step prints after `ok`.
enum Count {
    /// Nothing: `N name ok`.
    Nothing,
    /// The items of every page of a paginated list, served in this many pages.
    Pages(usize),
    /// The entries of the response's `reports` array, for the list that is not paginated.
    Reports,
}

/// A step that makes one request.
fn call(name: &'static str, request: Expected) -> Step {
    Step {
        name,
        requests: vec![request],
        count: Count::Nothing,
    }
}

/// A list step, with one request per page.
fn list(name: &'static str, pages: Vec<Expected>) -> Step {
    let count = Count::Pages(pages.len());
    Step {
        name,
        requests: pages,
        count,
    }
}

/// The non-paginated list step: one request, and the tour counts the entries it returned.
fn reports(name: &'static str, request: Expected) -> Step {
    Step {
        name,
        requests: vec![request],
        count: Count::Reports,
    }
}

impl Step {
    /// The same step when the server fails its first attempt: the request is sent again,
    /// identical but for the retry count.
    fn retried(mut self) -> Step {
        let mut again = self.requests[0].clone();
        again.retry_count = "1";
        self.requests.push(again);
        self
    }

    /// The line the tour prints for this step.
    fn line(&self, number: usize, api: &Api) -> String {
        let path = &self.requests[0].path;
        let count = match self.count {
            Count::Nothing => return format!("{number} {} ok", self.name),
            Count::Pages(pages) => pages * items_per_page(api, path),
            Count::Reports => {
                let operation = api.operation("GET", path).expect("the reports list");
                operation.example(false)["reports"]
                    .as_array()
                    .map_or(0, Vec::len)
            }
        };
        format!("{number} {} ok {count}", self.name)
    }
}

/// The 69 steps of the tour in order: the 31 of [`first_steps`] and the 38 of [`new_steps`].
fn steps() -> Vec<Step> {
    let mut steps = first_steps();
    steps.extend(new_steps());
    steps
}

/// Steps 1-31 (the first 28 endpoints and three explicit nulls), with their requests as
/// API_FACTS sections 3 and 4 describe them.
#[rustfmt::skip] // A table: one step per line.
fn first_steps() -> Vec<Step> {
    let study = json!({"studyId": S, "studyInstanceUid": UID});
    let revoke = json!({"invitationId": I, "userId": U});
    let user = json!({"userId": U});
    let create = json!({
        "severity": "high", "studyDescription": "CT Chest/Abdomen/Pelvis", "studyInstanceUid": UID,
        "assignedTo": U, "expressCustomerId": C,
        "metadata": {"department": "radiology", "priority": "urgent"},
    });
    let update = json!({
        "assignedTo": U, "metadata": {"foo": "string"}, "severity": "stat",
        "studyDescription": "CT Chest/Abdomen/Pelvis with Contrast", "studyViewerStatus": "complete",
    });
    let a = "/v1/autoScribe/users".to_owned();
    let ai = format!("{a}/invitations");
    let vs = "/v1/viewer/studies".to_owned();
    let vu = "/v1/viewer/users".to_owned();
    let vi = format!("{vu}/invitations");
    let post = |path: String, body: &Value| send("POST", path, body.clone());
    let patch = |path: String, body: Value| send("PATCH", path, body);
    vec![
        call("auto_scribe.users.invite", post(a.clone(), &invite_body(true))),
        list("auto_scribe.users.list", vec![get(a.clone(), &users_query(true))]),
        call("auto_scribe.users.retrieve", get(format!("{a}/{U}"), &[])),
        call("auto_scribe.users.update", patch(format!("{a}/{U}"), update_body("Sarah", "Johnson-Smith", "admin", true))),
        call("auto_scribe.users.revoke_access", post(format!("{a}/revoke-access"), &user)),
        call("auto_scribe.users.reactivate", post(format!("{a}/reactivate"), &user)),
        list("auto_scribe.users.invitations.list", vec![get(ai.clone(), &invitations_query())]),
        call("auto_scribe.users.invitations.retrieve", get(format!("{ai}/{I}"), &[])),
        call("auto_scribe.users.invitations.update", patch(format!("{ai}/{I}"), update_body("Michael", "Chen", "member", true))),
        call("auto_scribe.users.invitations.revoke", post(format!("{ai}/revoke"), &revoke)),
        call("viewer.studies.create", post(vs.clone(), &create)).retried(),
        list("viewer.studies.list", vec![get(vs.clone(), &studies_query(CURSOR)), get(vs.clone(), &studies_query(NEXT_CURSOR_SENT))]),
        call("viewer.studies.retrieve", get(format!("{vs}/{S}"), &[])),
        call("viewer.studies.update", patch(format!("{vs}/{S}"), update)),
        call("viewer.studies.cancel", post(format!("{vs}/cancel"), &study)),
        call("viewer.studies.uncancel", post(format!("{vs}/uncancel"), &study)),
        call("viewer.studies.reroute_url", post(format!("{vs}/reroute-url"), &study)),
        call("viewer.studies.retrieve_by_uid", get(format!("{vs}/by-uid/1.2.840.10008.5.1.4.1.1.2"), &[])),
        call("viewer.users.invite", post(vu.clone(), &invite_body(false))),
        list("viewer.users.list", vec![get(vu.clone(), &users_query(false))]),
        call("viewer.users.retrieve", get(format!("{vu}/{U}"), &[])),
        call("viewer.users.update", patch(format!("{vu}/{U}"), update_body("Sarah", "Johnson-Smith", "admin", false))),
        call("viewer.users.revoke_access", post(format!("{vu}/revoke-access"), &user)),
        call("viewer.users.reactivate", post(format!("{vu}/reactivate"), &user)),
        list("viewer.users.invitations.list", vec![get(vi.clone(), &invitations_query())]),
        call("viewer.users.invitations.retrieve", get(format!("{vi}/{I}"), &[])),
        call("viewer.users.invitations.update", patch(format!("{vi}/{I}"), update_body("Michael", "Chen", "member", false))),
        call("viewer.users.invitations.revoke", post(format!("{vi}/revoke"), &revoke)),
        call("viewer.studies.update", patch(format!("{vs}/{S}"), json!({"assignedTo": null}))),
        list("auto_scribe.users.invitations.list", vec![get(ai, &[("status", "sent%2Caccepted")])]),
        list("viewer.studies.list", vec![get(vs, &[("assignedTo", "")])]),
    ]
}

/// Steps 32-69 (the other 35 endpoints and three PATCHes that clear fields), with their requests
/// as TOUR.md and API_FACTS_SURFACE.md sections 2 and 4 describe them.
#[rustfmt::skip] // A table: one step per line.
fn new_steps() -> Vec<Step> {
    let cr = "/v1/autoScribe/clinicalReferences".to_owned();
    let st = "/v1/autoScribe/studies".to_owned();
    let ex = format!("{st}/external");
    let er = format!("{ex}/reports");
    let rp = "/v1/autoScribe/reports".to_owned();
    let xp = "/v1/express".to_owned();
    let study = json!({"studyId": S, "studyInstanceUid": UID});
    let external_study = json!({"studyId": XS, "studyInstanceUid": XUID});
    let user = json!({"userId": U});
    let lookup = [("studyId", S), ("studyInstanceUid", UID)];
    let post = |path: String, body: Value| send("POST", path, body);
    let patch = |path: String, body: Value| send("PATCH", path, body);
    vec![
        call("auto_scribe.clinical_references.create", post(cr.clone(), json!({
            "name": "City Medical Center", "type": "facility", "expressCustomerId": C,
            "externalReferenceId": "FAC/001 NE", "metadata": {"region": "northeast", "system": "epic"},
        }))),
        call("auto_scribe.clinical_references.retrieve", get(format!("{cr}/{R}"), &[])),
        call("auto_scribe.clinical_references.update", patch(format!("{cr}/{R}"), json!({
            "expressCustomerId": C, "metadata": {"region": "southwest"},
            "name": "City Medical Center - East Campus",
        }))),
        list("auto_scribe.clinical_references.list", vec![get(cr.clone(), &[
            ("cursor", CURSOR), ("expressCustomerId", C), ("isActive", "true"), ("limit", "20"),
            ("type", "facility"),
        ])]),
        call("auto_scribe.clinical_references.delete", bodiless(format!("{cr}/{R}/delete"))),
        call("auto_scribe.clinical_references.retrieve_by_external_reference_id", get(format!("{cr}/byExternalReferenceId/{XREF_SEGMENT}"), &[])),
        call("auto_scribe.ephemeral_sessions.create", post("/v1/autoScribe/ephemeral-sessions".to_owned(), json!({
            "retrievalId": "order-12345",
            "hangingProtocol": {"layout": "2x2", "viewportAssignments": ["Axial T1", "Axial T2", null, "Sagittal T2"]},
            "options": {"studyInstanceUids": [UID, XUID], "priority": 2, "source": {"system": "ris", "urgent": true}},
        }))),
        call("auto_scribe.studies.create", post(st.clone(), study_create_body())),
        call("auto_scribe.studies.retrieve", get(format!("{st}/{S}"), &[])),
        call("auto_scribe.studies.update", patch(format!("{st}/{S}"), study_update_body())),
        list("auto_scribe.studies.list", vec![get(st.clone(), &[
            ("assignedTo", U), ("cursor", CURSOR), ("expressCustomerId", C), ("isCancelled", "false"),
            ("limit", "20"), ("severity", "high"), ("studyDescription", "MRI%20Brain"),
            ("studyReportStatus", "assigned%2Cin_progress"), ("studyType", "standard"),
        ])]),
        call("auto_scribe.studies.cancel", post(format!("{st}/cancel"), study.clone())),
        call("auto_scribe.studies.reroute_url", post(format!("{st}/reroute-url"), json!({"assignedToUserId": U, "studyId": S, "studyInstanceUid": UID}))),
        call("auto_scribe.studies.retrieve_by_uid", get(format!("{st}/by-uid/{UID}"), &[])),
        call("auto_scribe.studies.uncancel", post(format!("{st}/uncancel"), study.clone())),
        call("auto_scribe.studies.viewer_only_reroute_url", post(format!("{st}/viewer-only-reroute-url"), json!({"studyId": S, "studyInstanceUid": UID, "userId": U}))),
        call("auto_scribe.studies.external.create", post(ex.clone(), external_create_body())),
        call("auto_scribe.studies.external.delete", post(format!("{ex}/delete"), external_study.clone())),
        call("auto_scribe.studies.external.reports.create", post(er.clone(), json!({
            "readerName": "Dr. Emily Park", "reportFileName": "ct-head-2023-11-02-addendum.png",
            "reportFileUrl": "https://files.hospital.org/reports/ct-head-2023-11-02-addendum.png",
            "reportText": "ADDENDUM: Findings discussed with the referring physician.",
            "signedAt": "signed 2023-11-03 by phone", "studyId": XS, "studyInstanceUid": XUID,
        }))),
        call("auto_scribe.studies.external.reports.retrieve", get(format!("{er}/{EXT}"), &[])),
        list("auto_scribe.studies.external.reports.list", vec![get(er, &[("cursor", CURSOR), ("limit", "20"), ("studyId", XS)])]),
        reports("auto_scribe.reports.list", get(rp.clone(), &lookup)),
        call("auto_scribe.reports.addendum", bodiless(format!("{rp}/{REP}/addendum"))),
        call("auto_scribe.reports.cancel_addendum", bodiless(format!("{rp}/{REP}/cancel-addendum"))),
        call("auto_scribe.reports.pdf", get(format!("{rp}/pdf"), &[("reportId", REP), ("studyId", S), ("studyInstanceUid", UID)])),
        call("auto_scribe.reports.text", get(format!("{rp}/text"), &lookup)),
        call("viewer.ephemeral_sessions.create", post("/v1/viewer/ephemeral-sessions".to_owned(), json!({
            "retrievalId": "order-67890",
            "hangingProtocol": {"layout": "1x2", "viewportAssignments": [null, "Coronal T2"]},
            "options": {"studyInstanceUids": [UID]},
        }))),
        call("express.create", post(xp.clone(), json!({
            "expressCustomerName": "City Medical Center - Radiology Department",
            "metadata": {"department": "radiology", "region": "northeast"},
        }))),
        call("express.retrieve", get(format!("{xp}/{C}"), &[])),
        call("express.update", patch(format!("{xp}/{C}"), json!({
            "expressCustomerName": "City Medical Center - Imaging", "metadata": {"department": "imaging"},
        }))),
        list("express.list", vec![get(xp.clone(), &[("cursor", CURSOR), ("limit", "20")])]),
        call("express.deactivate", bodiless(format!("{xp}/{C}/deactivate"))),
        call("express.reactivate", bodiless(format!("{xp}/{C}/reactivate"))),
        call("express.users.add", post(format!("{xp}/{C}/users"), user.clone())),
        call("express.users.remove", send("DELETE", format!("{xp}/{C}/users"), user)),
        call("auto_scribe.clinical_references.update", patch(format!("{cr}/{R}"), json!({"metadata": null}))),
        call("auto_scribe.studies.update", patch(format!("{st}/{S}"), json!({
            "assignedTo": null, "clinicalHistory": null, "clinicalIndication": null,
            "expressCustomerId": null, "externalPatientId": null, "metadata": null, "modality": null,
            "priorReports": null,
            "reportMetadata": {"dateOfBirth": null, "height": null, "mrn": null, "procedure": null, "studyTime": null},
            "technologistNotes": null, "technologistTechnique": null,
        }))),
        call("express.update", patch(format!("{xp}/{C}"), json!({"metadata": null}))),
    ]
}

/// The AutoScribe study create body of step 39.
fn study_create_body() -> Value {
    json!({
        "reportMetadata": {
            "age": "38 years", "dateOfBirth": "1985-07-20", "facilityName": "City Medical Center",
            "height": {"unit": "cm", "value": 165.5}, "mrn": "MRN-2024-001234",
            "patientName": "Jane Doe", "procedure": "MRI Brain with Contrast",
            "referringPhysicianName": "Dr. Michael Chen", "sex": "female",
            "studyDate": "2024-03-15", "studyTime": "14:30", "weight": {"unit": "kg", "value": 62.3},
        },
        "severity": "high",
        "studyDescription": "MRI Brain with Contrast",
        "studyInstanceUid": UID,
        "assignedTo": U,
        "clinicalHistory": "Migraine with aura for 6 months",
        "clinicalIndication": "Persistent headaches - rule out mass",
        "expressCustomerId": C,
        "externalPatientId": "PAT-000123",
        "metadata": {"department": "neuroradiology", "priority": "urgent"},
        "modality": "MRI",
        "priorReports": [{
            "reportText": "IMPRESSION: No acute intracranial abnormality.",
            "externalStudyId": "EXT-2024-001", "modality": "CT", "studyDate": "2024-01-15",
            "studyDescription": "CT Head without contrast",
        }],
        "technologistNotes": ["Patient moved during sequence 3", "Contrast: 15 mL gadobutrol IV"],
        "technologistTechnique": "Axial T1 T2 FLAIR DWI and post-contrast T1",
    })
}

/// The AutoScribe study update body of step 41.
fn study_update_body() -> Value {
    json!({
        "assignedTo": U,
        "clinicalHistory": "Migraine with aura for 7 months",
        "clinicalIndication": "Headache follow-up",
        "expressCustomerId": C,
        "externalPatientId": "PAT-000124",
        "metadata": {"department": "neuroradiology"},
        "modality": "MR",
        "priorReports": [{
            "reportText": "IMPRESSION: Stable examination.",
            "externalStudyId": "EXT-2024-002", "modality": "MRI", "studyDate": "2024-02-20",
            "studyDescription": "MRI Brain without contrast",
        }],
        "reportMetadata": {
            "age": "39 years", "dateOfBirth": "1985-07-21",
            "facilityName": "City Medical Center East", "height": {"unit": "in", "value": 65.25},
            "mrn": "MRN-2024-001235", "patientName": "Jane A. Doe",
            "procedure": "MRI Brain with and without Contrast",
            "referringPhysicianName": "Dr. Sarah Johnson", "sex": "other",
            "studyDate": "2024-03-16", "studyTime": "09:05", "weight": {"unit": "lbs", "value": 137.5},
        },
        "severity": "stat",
        "studyDescription": "MRI Brain with and without Contrast",
        "technologistNotes": ["Repeat DWI acquired"],
        "technologistTechnique": "Axial T1 T2 FLAIR DWI SWI",
    })
}

/// The external study create body of step 48. The SDK sends the `number` values 180 and 81 as
/// `180.0` and `81.0`: the same JSON numbers.
fn external_create_body() -> Value {
    json!({
        "reportMetadata": {
            "age": "52 years", "dateOfBirth": "1971-11-02", "facilityName": "Northside Imaging",
            "height": {"unit": "cm", "value": 180.0}, "mrn": "MRN-2019-000777",
            "patientName": "John Roe", "procedure": "CT Head without Contrast",
            "referringPhysicianName": "Dr. Emily Park", "sex": "male",
            "studyDate": "2023-11-02", "studyTime": "16:10", "weight": {"unit": "kg", "value": 81.0},
        },
        "severity": "normal",
        "studyDescription": "CT Head without Contrast",
        "studyInstanceUid": XUID,
        "expressCustomerId": C,
        "externalPatientId": "PAT-000123",
        "metadata": {"source": "archive-import"},
        "modality": "CT",
        "readerName": "Dr. Emily Park",
        "reportFileName": "ct-head-2023-11-02.pdf",
        "reportFileUrl": "https://files.hospital.org/reports/ct-head-2023-11-02.pdf",
        "reportText": "IMPRESSION: No acute intracranial hemorrhage.",
        "signedAt": "2023-11-02 16:40 EST",
    })
}

/// Every request of the tour in order.
fn expected_requests() -> Vec<Expected> {
    steps().into_iter().flat_map(|step| step.requests).collect()
}

/// A received request in the shape of [`Expected`].
fn observed(request: &Request) -> Expected {
    let method = ["GET", "POST", "PATCH", "DELETE"]
        .into_iter()
        .find(|method| *method == request.method.as_str())
        .unwrap_or("OTHER");
    let body = (!request.body.is_empty()).then(|| {
        serde_json::from_slice(&request.body).unwrap_or(Value::String("<not JSON>".into()))
    });
    Expected {
        method,
        path: request.url.path().to_owned(),
        query: raw_pairs(request.url.query()),
        body,
        retry_count: match header(request, "x-stainless-retry-count") {
            Some("0") => "0",
            Some("1") => "1",
            _ => "other",
        },
    }
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// The number of items the server serves in one page of the list at `path`.
fn items_per_page(api: &Api, path: &str) -> usize {
    let operation = api.operation("GET", path).expect("a list operation");
    let items = operation.items.as_deref().expect("a paginated operation");
    operation.example(false)[items]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn the_tour_exits_successfully() {
    let output = &tour().output;
    assert!(
        output.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_tour_prints_every_step_and_the_item_counts() {
    let run = tour();
    let steps = steps();
    assert_eq!(steps.len(), 69);
    let expected: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(index, step)| step.line(index + 1, &run.api))
        .collect();
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        expected,
        "stderr:\n{}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    assert!(
        items_per_page(&run.api, TWO_PAGES) > 0,
        "the two-page list must serve items"
    );
}

#[test]
fn every_request_has_the_method_path_query_and_body_of_api_facts() {
    let run = tour();
    let observed: Vec<Expected> = run.requests.iter().map(observed).collect();
    let expected = expected_requests();
    for (n, (seen, wanted)) in observed.iter().zip(&expected).enumerate() {
        assert_eq!(seen, wanted, "request {n} differs");
    }
    assert_eq!(observed.len(), expected.len(), "number of requests");
}

/// The bodies of the PATCHes to `path`, in order, as text.
fn patch_bodies(run: &TourRun, path: &str) -> Vec<String> {
    run.requests
        .iter()
        .filter(|request| request.method.as_str() == "PATCH" && request.url.path() == path)
        .map(|request| String::from_utf8_lossy(&request.body).into_owned())
        .collect()
}

#[test]
fn unassigning_a_study_sends_exactly_an_explicit_null() {
    let run = tour();
    let patches = patch_bodies(run, &format!("/v1/viewer/studies/{S}"));
    assert_eq!(patches.len(), 2);
    assert_eq!(patches[1], r#"{"assignedTo":null}"#);
}

/// Steps 67 and 69 clear the metadata, and nothing else.
#[test]
fn clearing_metadata_sends_exactly_an_explicit_null() {
    let run = tour();
    for path in [
        format!("/v1/autoScribe/clinicalReferences/{R}"),
        format!("/v1/express/{C}"),
    ] {
        let patches = patch_bodies(run, &path);
        assert_eq!(patches.len(), 2, "{path}");
        assert_eq!(patches[1], r#"{"metadata":null}"#, "{path}");
    }
}

/// Step 68 clears every nullable field of an AutoScribe study, and five keys of its report
/// metadata: each key is sent with `null`, none is left out, and no other key is sent.
#[test]
fn clearing_an_auto_scribe_study_sends_every_null_and_the_nested_ones() {
    let run = tour();
    let patches = patch_bodies(run, &format!("/v1/autoScribe/studies/{S}"));
    assert_eq!(patches.len(), 2);
    assert_eq!(
        patches[1],
        concat!(
            r#"{"assignedTo":null,"clinicalHistory":null,"clinicalIndication":null,"#,
            r#""expressCustomerId":null,"externalPatientId":null,"metadata":null,"#,
            r#""modality":null,"priorReports":null,"#,
            r#""reportMetadata":{"dateOfBirth":null,"height":null,"mrn":null,"procedure":null,"studyTime":null},"#,
            r#""technologistNotes":null,"technologistTechnique":null}"#,
        )
    );
}

/// Step 37: the free-text `FAC/001 NE` is one path segment, its `/` and space percent-encoded.
#[test]
fn the_external_reference_id_goes_out_as_one_encoded_segment() {
    let run = tour();
    let path = format!("/v1/autoScribe/clinicalReferences/byExternalReferenceId/{XREF_SEGMENT}");
    let lookups: Vec<&Request> = run
        .requests
        .iter()
        .filter(|request| request.url.path().contains("/byExternalReferenceId/"))
        .collect();
    assert_eq!(lookups.len(), 1);
    assert_eq!(lookups[0].url.path(), path);
    assert_eq!(lookups[0].url.query(), None);
}

/// Step 42: the report statuses go out comma-joined in one parameter, the comma encoded.
#[test]
fn the_report_statuses_go_out_comma_joined() {
    let run = tour();
    let list = run
        .requests
        .iter()
        .find(|request| {
            request.method.as_str() == "GET" && request.url.path() == "/v1/autoScribe/studies"
        })
        .expect("step 42");
    let query = list.url.query().unwrap_or_default();
    assert!(
        query
            .split('&')
            .any(|pair| pair == "studyReportStatus=assigned%2Cin_progress"),
        "{query}"
    );
}

#[test]
fn every_request_carries_the_key_the_user_agent_and_json_headers() {
    let run = tour();
    let user_agent = format!("avara-rust/{}", run.api.version);
    let authorization = format!("Bearer {API_KEY}");
    assert!(!run.requests.is_empty());
    for request in &run.requests {
        let what = format!("{} {}", request.method, request.url);
        assert_eq!(
            header(request, "authorization"),
            Some(authorization.as_str()),
            "{what}"
        );
        assert_eq!(
            header(request, "user-agent"),
            Some(user_agent.as_str()),
            "{what}"
        );
        assert_eq!(
            header(request, "accept"),
            Some("application/json"),
            "{what}"
        );
        let content_type = header(request, "content-type");
        let bodiless = is_bodiless(&run.api, request);
        match request.method.as_str() {
            "GET" => assert_eq!((content_type, request.body.len()), (None, 0), "{what}"),
            "POST" if bodiless => {
                assert_eq!((content_type, request.body.len()), (None, 0), "{what}");
            }
            _ => assert_eq!(content_type, Some("application/json"), "{what}"),
        }
    }
}

/// Whether `request` is to one of the POSTs that define no request body.
fn is_bodiless(api: &Api, request: &Request) -> bool {
    const BODILESS: [&str; 5] = [
        "/v1/autoScribe/clinicalReferences/{clinicalReferenceId}/delete",
        "/v1/autoScribe/reports/{reportId}/addendum",
        "/v1/autoScribe/reports/{reportId}/cancel-addendum",
        "/v1/express/{expressCustomerId}/deactivate",
        "/v1/express/{expressCustomerId}/reactivate",
    ];
    api.operation(request.method.as_str(), request.url.path())
        .is_some_and(|operation| BODILESS.contains(&operation.template.as_str()))
}

/// Steps 36, 54, 55, 63 and 64 are POSTs the API defines without a body: they send none, and no
/// `Content-Type`. The DELETE of step 66 is the other way round: it carries its JSON body.
#[test]
fn bodiless_posts_send_no_body_and_the_delete_sends_its_json_body() {
    let run = tour();
    let bodiless: Vec<&Request> = run
        .requests
        .iter()
        .filter(|request| is_bodiless(&run.api, request))
        .collect();
    assert_eq!(bodiless.len(), 5, "five bodiless POSTs");
    for request in bodiless {
        let what = format!("{} {}", request.method, request.url);
        assert_eq!(request.method.as_str(), "POST", "{what}");
        assert!(request.body.is_empty(), "{what}");
        assert_eq!(header(request, "content-type"), None, "{what}");
        assert!(
            header(request, "content-length").is_none_or(|length| length == "0"),
            "{what}"
        );
    }
    let deletes: Vec<&Request> = run
        .requests
        .iter()
        .filter(|request| request.method.as_str() == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1, "one DELETE");
    assert_eq!(deletes[0].url.path(), format!("/v1/express/{C}/users"));
    assert_eq!(header(deletes[0], "content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&deletes[0].body),
        format!(r#"{{"userId":"{U}"}}"#)
    );
}

#[test]
fn every_request_carries_its_attempt_number() {
    let run = tour();
    let counts: Vec<Option<&str>> = run
        .requests
        .iter()
        .map(|request| header(request, "x-stainless-retry-count"))
        .collect();
    let expected: Vec<Option<&str>> = expected_requests()
        .iter()
        .map(|request| Some(request.retry_count))
        .collect();
    assert_eq!(counts, expected, "0 on every first attempt, 1 on the retry");
}

#[test]
fn the_503_is_retried_once_with_a_byte_identical_request() {
    let run = tour();
    let attempts: Vec<&Request> = run
        .requests
        .iter()
        .filter(|request| (request.method.as_str(), request.url.path()) == FLAKY)
        .collect();
    assert_eq!(attempts.len(), 2, "one failure and one retry");
    let (first, retry) = (attempts[0], attempts[1]);
    assert_eq!(retry.url, first.url);
    assert_eq!(retry.body, first.body);
    let without_count = |request: &Request| -> BTreeMap<String, Vec<u8>> {
        request
            .headers
            .iter()
            .filter(|(name, _)| name.as_str() != "x-stainless-retry-count")
            .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
            .collect()
    };
    assert_eq!(without_count(retry), without_count(first));
    assert_eq!(header(first, "x-stainless-retry-count"), Some("0"));
    assert_eq!(header(retry, "x-stainless-retry-count"), Some("1"));
}

#[test]
fn the_second_page_repeats_the_query_with_only_the_cursor_changed() {
    let run = tour();
    let lists: Vec<&Request> = run
        .requests
        .iter()
        .filter(|request| request.method.as_str() == "GET" && request.url.path() == TWO_PAGES)
        .collect();
    assert_eq!(lists.len(), 3, "two pages for step 12 and one for step 31");
    let pairs = |request: &Request| raw_pairs(request.url.query());
    let without_cursor = |request: &Request| -> Vec<(String, String)> {
        pairs(request)
            .into_iter()
            .filter(|(key, _)| key != "cursor")
            .collect()
    };
    assert_eq!(without_cursor(lists[1]), without_cursor(lists[0]));
    let cursor = |request: &Request| pairs(request).into_iter().find(|(key, _)| key == "cursor");
    assert_eq!(
        cursor(lists[0]),
        Some(("cursor".to_owned(), CURSOR.to_owned()))
    );
    assert_eq!(
        cursor(lists[1]),
        Some(("cursor".to_owned(), NEXT_CURSOR_SENT.to_owned()))
    );
}

#[test]
fn the_tour_calls_each_of_the_63_endpoints() {
    let run = tour();
    assert_eq!(run.api.operations.len(), 63, "the schema has 63 operations");
    let called: Vec<(&str, &str)> = run
        .requests
        .iter()
        .filter_map(|request| {
            run.api
                .operation(request.method.as_str(), request.url.path())
        })
        .map(|operation| (operation.method.as_str(), operation.template.as_str()))
        .collect();
    let missing: Vec<_> = run
        .api
        .operations
        .iter()
        .map(|operation| (operation.method.as_str(), operation.template.as_str()))
        .filter(|operation| !called.contains(operation))
        .collect();
    assert!(missing.is_empty(), "never called: {missing:?}");
    assert_eq!(
        called.len(),
        run.requests.len(),
        "every request addressed a schema operation"
    );
}

/// Steps 56 and 57 get the two documented shapes of a report lookup: `reports.pdf` names a
/// `reportId`, so the mock answers with one report; `reports.text` names only the study, so it
/// answers with the study's list, which alone has a `reports` key.
#[test]
fn the_report_lookups_are_answered_with_the_shape_they_ask_for() {
    let run = tour();
    for (path, by_report_id) in [
        ("/v1/autoScribe/reports/pdf", true),
        ("/v1/autoScribe/reports/text", false),
    ] {
        let request = run
            .requests
            .iter()
            .find(|request| request.url.path() == path)
            .unwrap_or_else(|| panic!("no request to {path}"));
        let names_report = request.url.query_pairs().any(|(key, _)| key == "reportId");
        assert_eq!(names_report, by_report_id, "{path}");
        let operation = run.api.operation("GET", path).expect("a lookup operation");
        let answer = operation.example(names_report);
        assert_eq!(answer.get("reports").is_some(), !by_report_id, "{path}");
        assert_ne!(
            operation.example(true),
            operation.example(false),
            "{path} documents two shapes"
        );
    }
}

/// The schema as JSON, to read the response schemas with.
fn schema_document() -> Value {
    let path = repo_root().join("schema/openapi.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The schema of the `200` response of `method` (upper case) on `template`.
fn response_schema<'a>(doc: &'a Value, method: &str, template: &str) -> &'a Value {
    let operation = &doc["paths"][template][method.to_lowercase()];
    &operation["responses"]["200"]["content"]["application/json"]["schema"]
}

/// Issue 15: what the mock answers includes `null` wherever the schema allows it, for every
/// type the endpoints of steps 32-69 return (the first 28 endpoints are not held to it yet), so
/// that the tour and `prism proxy` in front of the mock see the SDK read each nullable field as
/// null. Each of those endpoints is asked once, a report lookup once in each of its two shapes,
/// and every answer is read against its response schema.
#[tokio::test]
async fn the_mock_sends_null_for_every_nullable_field_the_new_endpoints_return() {
    let doc = schema_document();
    let (server, api) = tour_server::start(&repo_root())
        .await
        .expect("the mock API starts");
    let http = reqwest::Client::new();
    let mut asked = BTreeSet::new();
    let (mut nullable, mut sent_null) = (BTreeSet::new(), BTreeSet::new());
    for request in new_steps().into_iter().map(|step| step.requests[0].clone()) {
        let operation = api
            .operation(request.method, &request.path)
            .expect("a schema operation");
        if !asked.insert((request.method, operation.template.clone())) {
            continue;
        }
        let queries = match operation.response {
            Documented::Lookup { .. } => vec![format!("{REPORT_ID}={REP}"), format!("studyId={S}")],
            Documented::Example(_) => vec![String::new()],
        };
        let schema = response_schema(&doc, request.method, &operation.template);
        nullable.extend(served_nulls::nullable_properties(&doc, schema));
        for query in queries {
            let url = format!("{}{}?{query}", server.uri(), request.path);
            let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("a method");
            let response = http
                .request(method, &url)
                .send()
                .await
                .expect("the mock answers");
            assert_eq!(response.status().as_u16(), 200, "{} {url}", request.method);
            let body = response.bytes().await.expect("a body");
            let body: Value = serde_json::from_slice(&body).expect("a JSON body");
            sent_null.extend(served_nulls::nulls(&doc, schema, &body));
        }
    }
    assert_eq!(asked.len(), 35, "the endpoints after the first 28");
    assert!(
        nullable.contains("/components/schemas/ExternalReport/properties/signedAt"),
        "the walk reaches the nullable fields: {nullable:#?}"
    );
    let never_null: Vec<&String> = nullable.difference(&sent_null).collect();
    assert!(
        never_null.is_empty(),
        "nullable, but null in no answer of the mock; make one response example send null:\n{never_null:#?}"
    );
}

/// The check of the test above sees a field that an answer leaves with a value, through a
/// `$ref`, a nullable `anyOf` and a union told apart by its required keys.
#[test]
fn the_served_null_check_tells_null_from_a_value() {
    let doc = schema_document();
    let report = json!({"$ref": "#/components/schemas/ExternalReport"});
    let signed = json!({
        "createdAt": null, "externalReportId": EXT, "studyId": XS, "studyInstanceUid": XUID,
        "signedAt": "2023-11-02 16:40 EST",
    });
    let field = |name: &str| format!("/components/schemas/ExternalReport/properties/{name}");
    let nulls = served_nulls::nulls(&doc, &report, &signed);
    assert_eq!(nulls, BTreeSet::from([field("createdAt")]));
    let nullable = served_nulls::nullable_properties(&doc, &report);
    assert!(nullable.contains(&field("signedAt")) && !nullable.contains(&field("studyId")));

    let study = json!({"$ref": "#/components/schemas/AutoScribeStudy"});
    let unassigned = json!({"assignedTo": null, "modality": "MR"});
    assert_eq!(
        served_nulls::nulls(&doc, &study, &unassigned),
        BTreeSet::from(["/components/schemas/AutoScribeStudy/properties/assignedTo".to_owned()])
    );

    let lookup = json!({"$ref": "#/components/schemas/ReportTextResult"});
    let single = json!({
        "isCritical": null, "reportId": REP, "snapshotMetadata": {}, "studyId": S,
        "studyInstanceUid": UID,
    });
    let nulls = served_nulls::nulls(&doc, &lookup, &single);
    assert_eq!(
        nulls,
        BTreeSet::from(["/components/schemas/ReportText/properties/isCritical".to_owned()])
    );
    let list = json!({"reports": [single], "studyId": S, "studyInstanceUid": UID});
    assert_eq!(served_nulls::nulls(&doc, &lookup, &list), nulls);
}

/// A separate run against a server that refuses every request: the tour prints the first error
/// and exits with a failure, and the client it made with `Client::from_env` sends the headers of
/// `AVARA_CUSTOM_HEADERS`.
#[test]
fn the_tour_stops_at_the_first_error_and_sends_the_custom_headers_of_the_environment() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (output, requests) = runtime.block_on(async {
        let server = MockServer::start().await;
        let refusal = ResponseTemplate::new(403)
            .set_body_json(json!({"message": "this key may not invite users"}));
        Mock::given(any())
            .respond_with(refusal)
            .mount(&server)
            .await;
        let headers = "X-Clinic-Tag: north-wing\nX-Trace: on";
        let output = tour_server::run_example(
            &repo_root(),
            &server.uri(),
            API_KEY,
            &[("AVARA_CUSTOM_HEADERS", headers)],
        )
        .expect("the tour runs");
        let requests = server.received_requests().await.expect("recording is on");
        (output, requests)
    });

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_eq!(stdout, "", "no step succeeded");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("this key may not invite users"),
        "{stderr}"
    );
    assert_eq!(
        requests.len(),
        1,
        "a 403 is not retried, and nothing follows it"
    );
    assert_eq!(header(&requests[0], "x-clinic-tag"), Some("north-wing"));
    assert_eq!(header(&requests[0], "x-trace"), Some("on"));
}
