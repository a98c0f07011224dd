//! Cursor pagination: one page at a time with [`Page::next_page`], or every item as a stream.
//!
//! A list operation returns an envelope (items, a cursor, a "has more" flag) whose field names
//! differ per operation; the generated code passes a plain function that takes the envelope
//! apart into [`PageParts`]. The next page repeats the same request with only the cursor
//! parameter changed. Iteration stops when the server says there is no more, when a page is
//! empty, when the cursor is missing or empty, or when the server returns a cursor that was
//! already requested in this listing (which would otherwise loop forever).

use std::collections::HashSet;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::sync::Arc;

use futures_util::future::{self, BoxFuture};
use futures_util::stream::{self, Stream, StreamExt};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Result;
use crate::request::{Request, RequestSpec, send_spec};

/// A list request, made by a list operation's builder: its first page, or every item of every
/// page as a stream.
///
/// `E` is the envelope type the API returns and `T` the item type.
#[must_use = "a list request does nothing until it is awaited or streamed"]
pub(crate) struct ListRequest<E, T> {
    request: Request<E>,
    cursor_param: &'static str,
    split: fn(E) -> PageParts<T>,
}

/// One page of a list.
///
/// ```no_run
/// # async fn demo(mut page: ~{ lib }~::Page<serde_json::Value>) -> ~{ lib }~::Result<()> {
/// loop {
///     for item in page.items() {
///         println!("{item}");
///     }
///     match page.next_page().await? {
///         Some(next) => page = next,
///         None => break,
///     }
/// }
/// # Ok(())
/// # }
/// ```
pub struct Page<T> {
    items: Vec<T>,
    next_cursor: Option<String>,
    has_more: Option<bool>,
    status: StatusCode,
    headers: HeaderMap,
    /// Every cursor requested so far in this listing, this page's included, to detect a server
    /// that sends the listing round in a cycle. Shared with the request for the next page, which
    /// adds its cursor in place when this page has been dropped (as the stream does).
    cursors_used: Arc<HashSet<String>>,
    source: Arc<dyn FetchPage<T>>,
}

/// What the generated envelope-splitting function extracts from one response.
pub(crate) struct PageParts<T> {
    /// The items of this page.
    pub(crate) items: Vec<T>,
    /// The cursor to request the next page with, if any.
    pub(crate) next_cursor: Option<String>,
    /// Whether the server says more items exist, if it says so at all.
    pub(crate) has_more: Option<bool>,
}

/// Fetches a page of `T`, hiding the envelope type so that [`Page`] needs only `T`.
trait FetchPage<T>: Send + Sync {
    /// Fetches the page at `cursor`, or the first page (as the caller built it) for `None`;
    /// `cursors_used` holds the cursors of the pages before it.
    fn fetch(
        self: Arc<Self>,
        cursor: Option<String>,
        cursors_used: Arc<HashSet<String>>,
    ) -> BoxFuture<'static, Result<Page<T>>>;
}

/// The request every page repeats, and how to read its envelope.
struct Source<E, T> {
    client: Client,
    spec: RequestSpec,
    cursor_param: &'static str,
    split: fn(E) -> PageParts<T>,
}

impl<E, T> ListRequest<E, T> {
    /// Wraps the request for the first page; `cursor_param` is the wire name of the cursor query
    /// parameter and `split` takes the envelope apart.
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has a paginated operation"
    )]
    pub(crate) fn new(
        request: Request<E>,
        cursor_param: &'static str,
        split: fn(E) -> PageParts<T>,
    ) -> Self {
        ListRequest {
            request,
            cursor_param,
            split,
        }
    }
}

impl<E, T> ListRequest<E, T>
where
    E: DeserializeOwned + Send + 'static,
    T: Send + 'static,
{
    /// Fetches the first page; the same as `.await`.
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has a paginated operation"
    )]
    pub(crate) async fn send(self) -> Result<Page<T>> {
        self.into_source()?.fetch(None, Arc::default()).await
    }

    /// Walks every item of every page, fetching each page only when the previous one is used up.
    ///
    /// An error ends the stream after it is yielded.
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has a paginated operation"
    )]
    pub(crate) fn into_stream(self) -> impl Stream<Item = Result<T>> + Send + Unpin + 'static {
        match self.into_source() {
            Ok(source) => walk(source.fetch(None, Arc::default())).boxed(),
            Err(err) => stream::once(future::ready(Err(err))).boxed(),
        }
    }

    fn into_source(self) -> Result<Arc<dyn FetchPage<T>>> {
        let (client, spec) = self.request.into_parts();
        let source = Source {
            client,
            spec: spec?,
            cursor_param: self.cursor_param,
            split: self.split,
        };
        Ok(Arc::new(source))
    }
}

impl<E, T> IntoFuture for ListRequest<E, T>
where
    E: DeserializeOwned + Send + 'static,
    T: Send + 'static,
{
    type Output = Result<Page<T>>;
    type IntoFuture = BoxFuture<'static, Result<Page<T>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<E, T> fmt::Debug for ListRequest<E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListRequest")
            .field("request", &self.request)
            .field("cursor_param", &self.cursor_param)
            .finish_non_exhaustive()
    }
}

impl<T> Page<T> {
    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items of this page, dropping the page.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The cursor the server returned for the next page, if any.
    pub fn next_cursor(&self) -> Option<&str> {
        self.next_cursor.as_deref()
    }

    /// Whether the server says more items exist; `None` when it did not say.
    pub fn has_more(&self) -> Option<bool> {
        self.has_more
    }

    /// The HTTP status of the response this page came from.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the response this page came from.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Whether [`Page::next_page`] would fetch another page.
    pub fn has_next_page(&self) -> bool {
        self.cursor_to_follow().is_some()
    }

    /// Fetches the next page, or returns `None` after the last one.
    ///
    /// The future does not borrow the page, so it can be spawned.
    pub fn next_page(&self) -> impl Future<Output = Result<Option<Page<T>>>> + Send + 'static
    where
        T: 'static,
    {
        let next = self.fetch_next();
        async move {
            match next {
                Some(next) => next.await.map(Some),
                None => Ok(None),
            }
        }
    }

    fn fetch_next(&self) -> Option<BoxFuture<'static, Result<Page<T>>>> {
        let cursor = self.cursor_to_follow()?.to_owned();
        Some(Arc::clone(&self.source).fetch(Some(cursor), Arc::clone(&self.cursors_used)))
    }

    fn cursor_to_follow(&self) -> Option<&str> {
        if self.has_more == Some(false) || self.items.is_empty() {
            return None;
        }
        let next = self
            .next_cursor
            .as_deref()
            .filter(|cursor| !cursor.is_empty())?;
        (!self.cursors_used.contains(next)).then_some(next)
    }
}

impl<T: fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items)
            .field("next_cursor", &self.next_cursor)
            .field("has_more", &self.has_more)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl<E, T> FetchPage<T> for Source<E, T>
where
    E: DeserializeOwned + Send + 'static,
    T: Send + 'static,
{
    fn fetch(
        self: Arc<Self>,
        cursor: Option<String>,
        mut cursors_used: Arc<HashSet<String>>,
    ) -> BoxFuture<'static, Result<Page<T>>> {
        Box::pin(async move {
            let mut spec = self.spec.clone();
            if let Some(cursor) = &cursor {
                spec.set_query_param(self.cursor_param, cursor);
            }
            // The first page may have been started at a cursor the caller set.
            if let Some(used) = spec.query_param(self.cursor_param) {
                // Copies the set only when an earlier page is still alive to share it.
                Arc::make_mut(&mut cursors_used).insert(used.to_owned());
            }
            let (envelope, response) = send_spec::<E>(&self.client, &spec).await?;
            let status = response.status();
            let headers = response.headers().clone();
            let parts = (self.split)(envelope);
            Ok(Page {
                items: parts.items,
                next_cursor: parts.next_cursor,
                has_more: parts.has_more,
                status,
                headers,
                cursors_used,
                source: self,
            })
        })
    }
}

/// The items of the page `first` fetches and of every page after it.
fn walk<T: Send + 'static>(
    first: BoxFuture<'static, Result<Page<T>>>,
) -> impl Stream<Item = Result<T>> + Send {
    struct Walk<T> {
        buffer: std::vec::IntoIter<T>,
        next: Option<BoxFuture<'static, Result<Page<T>>>>,
    }
    let start = Walk {
        buffer: Vec::new().into_iter(),
        next: Some(first),
    };
    stream::unfold(start, |mut walk| async move {
        loop {
            if let Some(item) = walk.buffer.next() {
                return Some((Ok(item), walk));
            }
            // `next` is taken before awaiting, so after an error the stream ends.
            match walk.next.take()?.await {
                Ok(page) => {
                    walk.next = page.fetch_next();
                    walk.buffer = page.into_items().into_iter();
                }
                Err(err) => return Some((Err(err), walk)),
            }
        }
    })
}
