//! Express customers and the users linked to them: bodiless POSTs to deactivate and reactivate,
//! and the API's one DELETE, which carries a JSON body.

use avara::Client;

use super::*;

pub(super) async fn express_create(client: Client, variant: Variant) -> Outcome {
    let request = client.express().create();
    let request = match variant {
        Variant::Full => request
            .express_customer_name("City Medical Center - Radiology Department")
            .metadata(largest_metadata()),
        // No minimum length is set for the name.
        Variant::Required | Variant::Nulls => request.express_customer_name(""),
    };
    seen(request.send_with_response().await)
}

pub(super) async fn express_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.express().list();
    if variant == Variant::Full {
        request = request.cursor(CURSOR).limit(1);
    }
    first_page(request.await)
}

pub(super) async fn express_retrieve(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .express()
            .retrieve(&customer())
            .send_with_response()
            .await,
    )
}

pub(super) async fn express_update(client: Client, variant: Variant) -> Outcome {
    let mut request = client.express().update(&customer());
    match variant {
        Variant::Full => {
            request = request
                .express_customer_name("City Medical Center - Imaging")
                .metadata(largest_metadata());
        }
        Variant::Nulls => request = request.metadata_null(),
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

pub(super) async fn express_deactivate(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .express()
            .deactivate(&customer())
            .send_with_response()
            .await,
    )
}

pub(super) async fn express_reactivate(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .express()
            .reactivate(&customer())
            .send_with_response()
            .await,
    )
}

pub(super) async fn express_users_add(client: Client, _: Variant) -> Outcome {
    let users = client.express().users();
    seen(
        users
            .add(&customer())
            .user_id(user())
            .send_with_response()
            .await,
    )
}

pub(super) async fn express_users_remove(client: Client, _: Variant) -> Outcome {
    let users = client.express().users();
    seen(
        users
            .remove(&customer())
            .user_id(other_user())
            .send_with_response()
            .await,
    )
}
