//! Walking a cursor-paginated list: when it stops and what each next request looks like.

use avara::Page;
use avara::models::{Severity, ViewerUser};
use avara::viewer::users::List;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{client, numbered_user, ok_json, received, study, users_page};

/// Serves `first` for the request without a cursor and `(cursor, page)` for each cursor.
async fn pages(first: ResponseTemplate, next: Vec<(&str, ResponseTemplate)>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("cursor"))
        .respond_with(first)
        .mount(&server)
        .await;
    for (cursor, template) in next {
        Mock::given(method("GET"))
            .and(query_param("cursor", cursor))
            .respond_with(template)
            .mount(&server)
            .await;
    }
    server
}

/// Users `usr_…0001` to `usr_…000n` by number.
fn ids(numbers: &[u32]) -> Vec<String> {
    numbers.iter().map(|&n| numbered_user(n)).collect()
}

/// A page of the users numbered `numbers`.
fn page(numbers: &[u32], cursor: Option<&str>, has_more: bool) -> ResponseTemplate {
    let ids = ids(numbers);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    users_page(&ids, cursor, has_more)
}

/// A listing of every Viewer user from `server`, without a filter.
fn all_users(server: &MockServer) -> List {
    client(server).viewer().users().list()
}

/// Every user id the stream yields, in order.
async fn all_ids(server: &MockServer) -> Vec<String> {
    listed_ids(all_users(server)).await
}

/// Every user id the stream of `list` yields, in order.
async fn listed_ids(list: List) -> Vec<String> {
    // Bounded, so that a pagination loop fails the test instead of hanging it.
    let stream = list.into_stream().take(20);
    let users: Vec<ViewerUser> = stream.try_collect().await.expect("lists");
    users
        .into_iter()
        .map(|user| user.user_id.into_inner())
        .collect()
}

/// The cursor of each request the server received, in order.
async fn cursors(server: &MockServer) -> Vec<Option<String>> {
    let requests = received(server).await;
    let cursor = |r: &wiremock::Request| {
        r.url
            .query_pairs()
            .find(|(k, _)| k == "cursor")
            .map(|(_, v)| v.into_owned())
    };
    requests.iter().map(cursor).collect()
}

#[tokio::test]
async fn the_stream_walks_three_pages_until_has_more_is_false() {
    let server = pages(
        page(&[1, 2], Some("c2"), true),
        vec![
            ("c2", page(&[3], Some("c3"), true)),
            ("c3", page(&[4], Some("c4"), false)),
        ],
    )
    .await;

    assert_eq!(all_ids(&server).await, ids(&[1, 2, 3, 4]));
    assert_eq!(
        cursors(&server).await,
        [None, Some("c2".into()), Some("c3".into())]
    );
}

#[tokio::test]
async fn the_stream_stops_at_an_empty_page() {
    let server = pages(
        page(&[1], Some("c2"), true),
        vec![
            ("c2", page(&[], Some("c3"), true)),
            ("c3", page(&[3], None, false)),
        ],
    )
    .await;
    assert_eq!(all_ids(&server).await, ids(&[1]));
    assert_eq!(cursors(&server).await.len(), 2);
}

#[tokio::test]
async fn the_stream_stops_at_an_empty_cursor() {
    let server = pages(
        page(&[1], Some(""), true),
        vec![("", page(&[2], None, false))],
    )
    .await;
    assert_eq!(all_ids(&server).await, ids(&[1]));
    assert_eq!(cursors(&server).await.len(), 1);
}

#[tokio::test]
async fn the_stream_stops_at_a_missing_cursor() {
    let server = pages(page(&[1], None, true), vec![]).await;
    assert_eq!(all_ids(&server).await, ids(&[1]));
    assert_eq!(cursors(&server).await.len(), 1);
}

#[tokio::test]
async fn the_stream_stops_when_the_server_repeats_the_cursor() {
    let server = pages(
        page(&[1], Some("c2"), true),
        vec![("c2", page(&[2], Some("c2"), true))],
    )
    .await;
    assert_eq!(all_ids(&server).await, ids(&[1, 2]));
    assert_eq!(cursors(&server).await.len(), 2);
}

#[tokio::test]
async fn the_stream_stops_when_the_server_cycles_back_to_an_earlier_cursor() {
    let server = pages(
        page(&[1], Some("c2"), true),
        vec![
            ("c2", page(&[2], Some("c3"), true)),
            ("c3", page(&[3], Some("c2"), true)),
        ],
    )
    .await;
    assert_eq!(all_ids(&server).await, ids(&[1, 2, 3]));
    assert_eq!(
        cursors(&server).await,
        [None, Some("c2".into()), Some("c3".into())]
    );
}

#[tokio::test]
async fn a_cursor_the_caller_started_at_is_not_followed_again() {
    let server = pages(
        page(&[1], Some("c2"), true),
        vec![
            ("c5", page(&[5], Some("c6"), true)),
            ("c6", page(&[6], Some("c5"), true)),
        ],
    )
    .await;
    assert_eq!(listed_ids(all_users(&server).cursor("c5")).await.len(), 2);
    assert_eq!(
        cursors(&server).await,
        [Some("c5".into()), Some("c6".into())]
    );
}

#[tokio::test]
async fn the_stream_fetches_the_next_page_only_when_the_current_one_is_used_up() {
    let server = pages(
        page(&[1, 2], Some("c2"), true),
        vec![("c2", page(&[3], None, false))],
    )
    .await;
    let mut stream = all_users(&server).into_stream();

    for expected in [1, 2] {
        let user = stream.next().await.expect("an item").expect("no error");
        assert_eq!(user.user_id.as_str(), numbered_user(expected));
        assert_eq!(cursors(&server).await, [None], "after item {expected}");
    }
    let third = stream.next().await.expect("an item").expect("no error");
    assert_eq!(third.user_id.as_str(), numbered_user(3));
    assert_eq!(cursors(&server).await, [None, Some("c2".into())]);
    assert!(stream.next().await.is_none());
    assert_eq!(cursors(&server).await.len(), 2);
}

#[tokio::test]
async fn a_page_keeps_the_status_and_headers_of_its_response() {
    let server = pages(
        page(&[1], Some("c2"), true).insert_header("x-request-id", "req-1"),
        vec![(
            "c2",
            page(&[2], None, false).insert_header("x-request-id", "req-2"),
        )],
    )
    .await;
    let first: Page<ViewerUser> = all_users(&server).await.expect("first page");
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["x-request-id"], "req-1");
    let second = first.next_page().await.expect("fetched").expect("a page");
    assert_eq!(second.headers()["x-request-id"], "req-2");
}

#[tokio::test]
async fn the_next_page_repeats_the_query_with_only_the_cursor_changed() {
    let studies = |n: u32, cursor: Option<&str>, has_more: bool| {
        let mut body = json!({"studies": [study(&format!("stu_{n:032x}"))], "hasMore": has_more});
        if let Some(cursor) = cursor {
            body["cursor"] = json!(cursor);
        }
        ok_json(body)
    };
    let server = pages(
        studies(1, Some("c2=="), true),
        vec![("c2==", studies(2, None, false))],
    )
    .await;
    let list = client(&server)
        .viewer()
        .studies()
        .list()
        .assigned_to_null()
        .limit(1)
        .severity(Severity::High)
        .study_description("CT Head")
        .query_param("debug", "1")
        .header("X-Trace-Id", "t");
    // Bounded here and below, so that a pagination loop fails the test instead of hanging it.
    let items: Vec<_> = list
        .into_stream()
        .take(10)
        .try_collect()
        .await
        .expect("lists");

    assert_eq!(items.len(), 2);
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some("assignedTo=&limit=1&severity=high&studyDescription=CT%20Head&debug=1")
    );
    let raw_pairs = |r: &wiremock::Request| -> Vec<(String, String)> {
        let query = r.url.query().unwrap_or_default();
        let pairs = query
            .split('&')
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")));
        pairs.map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
    };
    let without_cursor = |r: &wiremock::Request| -> Vec<(String, String)> {
        raw_pairs(r)
            .into_iter()
            .filter(|(k, _)| k != "cursor")
            .collect()
    };
    assert_eq!(without_cursor(&requests[1]), without_cursor(&requests[0]));
    assert_eq!(cursors(&server).await, [None, Some("c2==".into())]);
    assert!(raw_pairs(&requests[1]).contains(&("cursor".into(), "c2%3D%3D".into())));
    assert_eq!(requests[1].url.path(), requests[0].url.path());
    assert_eq!(
        requests[1].headers.get("x-trace-id"),
        requests[0].headers.get("x-trace-id")
    );
}

#[tokio::test]
async fn awaiting_a_list_gives_pages_one_at_a_time() {
    let server = pages(
        page(&[1], Some("c2"), true),
        vec![("c2", page(&[2], Some("c3"), false))],
    )
    .await;

    let first: Page<ViewerUser> = all_users(&server).await.expect("first page");
    assert!(first.has_next_page());
    assert_eq!(
        (first.next_cursor(), first.has_more()),
        (Some("c2"), Some(true))
    );
    let second = first
        .next_page()
        .await
        .expect("second page")
        .expect("a second page exists");

    assert_eq!(second.items()[0].user_id.as_str(), numbered_user(2));
    assert!(!second.has_next_page());
    assert!(
        second
            .next_page()
            .await
            .expect("no request needed")
            .is_none()
    );
    assert_eq!(cursors(&server).await.len(), 2);
}

#[tokio::test]
async fn a_cursor_given_by_the_caller_starts_the_listing_there() {
    let server = pages(
        page(&[1], Some("c2"), true),
        vec![("c5", page(&[5], Some("c6"), false))],
    )
    .await;
    assert_eq!(listed_ids(all_users(&server).cursor("c5")).await.len(), 1);
    assert_eq!(cursors(&server).await, [Some("c5".into())]);
}

#[tokio::test]
async fn a_cursor_given_as_an_extra_query_param_is_replaced_on_the_next_page() {
    let server = pages(
        page(&[1], Some("c2"), true),
        vec![
            ("c5", page(&[5], Some("c6"), true)),
            ("c6", page(&[6], None, false)),
        ],
    )
    .await;
    let list = all_users(&server).query_param("cursor", "c5");
    let stream = list.into_stream().take(10);
    let users: Vec<ViewerUser> = stream.try_collect().await.expect("lists");
    assert_eq!(users.len(), 2);
    assert_eq!(
        cursors(&server).await,
        [Some("c5".into()), Some("c6".into())]
    );
}

#[tokio::test]
async fn an_error_ends_the_stream_after_it_is_yielded() {
    let server = pages(
        page(&[1], Some("c2"), true),
        vec![("c2", ResponseTemplate::new(404))],
    )
    .await;
    let results: Vec<_> = all_users(&server).into_stream().take(10).collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok() && results[1].is_err());
}

#[tokio::test]
async fn the_stream_sends_nothing_until_polled() {
    let server = crate::common::server_expecting_nothing().await;
    drop(all_users(&server).into_stream());
    server.verify().await;
}
