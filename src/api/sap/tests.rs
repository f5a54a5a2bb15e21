//! Native tests against SAP's recorded and documented bodies (tests/fixtures/sap/README.md).

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sap/",
            $name
        ))
    };
}

fn answer(status: u16, content_type: &str, body: &str) -> RawResponse {
    RawResponse {
        status,
        content_type: content_type.into(),
        body: body.into(),
        ..RawResponse::default()
    }
}

fn form() -> VirtualHostForm {
    VirtualHostForm {
        account_id: "demo-subaccount".into(),
        virtual_host_url: "prod-apis".into(),
        client_auth: true,
        key_store: "ref://demo-keystore-ref".into(),
        trust_store: "ref://partner-truststore-ref".into(),
        ..VirtualHostForm::default()
    }
}

// --- bodies ---------------------------------------------------------------------------------

#[test]
fn create_body_follows_the_seed_sample_field_for_field() {
    assert_eq!(
        form().body(),
        r#"{
  "accountId": "demo-subaccount",
  "virtualHostUrl": "prod-apis",
  "isDefaultVirtualHostRequest": false,
  "isClientAuthEnabled": true,
  "keyStore": "ref://demo-keystore-ref",
  "trustStore": "ref://partner-truststore-ref",
  "operation": "CREATE"
}"#
    );
    let request = form().request();
    assert_eq!(request.path, VIRTUAL_HOST_REQUESTS_PATH);
    assert_eq!(request.method, Method::Post);
    assert!(request
        .headers
        .contains(&("Accept".into(), "application/json".into())));
}

#[test]
fn update_body_carries_the_id_and_delete_body_only_the_id() {
    let mut update = form();
    update.operation = Operation::Update;
    update.virtual_host_id = "c269915f-7adc-4f78-bdd0-dd39ffcb079f".into();
    let body: Value = serde_json::from_str(&update.body()).expect("json");
    assert_eq!(
        body["virtualHostId"],
        "c269915f-7adc-4f78-bdd0-dd39ffcb079f"
    );
    assert_eq!(body["operation"], "UPDATE");
    assert!(update
        .body()
        .ends_with("\"virtualHostId\": \"c269915f-7adc-4f78-bdd0-dd39ffcb079f\",\n  \"operation\": \"UPDATE\"\n}"));

    let mut delete = update.clone();
    delete.operation = Operation::Delete;
    delete.virtual_host_id = "fa90e5ab-287f-466a-ba9e-5f6f4becc74c".into();
    assert_eq!(
        delete.body(),
        "{\n  \"virtualHostId\": \"fa90e5ab-287f-466a-ba9e-5f6f4becc74c\",\n  \"operation\": \"DELETE\"\n}"
    );
}

#[test]
fn custom_domain_body_uses_key_store_name_and_alias() {
    let custom = VirtualHostForm {
        virtual_host_url: "apis.customdomain.com".into(),
        custom_domain: true,
        client_auth: false,
        key_store: "demo-keystore".into(),
        key_store_alias: "key_store_alias".into(),
        trust_store: "ignored-without-client-auth".into(),
        ..form()
    };
    assert!(validate(&custom).is_empty(), "{:?}", validate(&custom));
    let body: Value = serde_json::from_str(&custom.body()).expect("json");
    assert_eq!(body["isForCustomDomain"], true);
    assert_eq!(body["keyStoreName"], "demo-keystore");
    assert_eq!(body["keyStoreAlias"], "key_store_alias");
    assert_eq!(body["virtualHostUrl"], "apis.customdomain.com");
    assert!(body.get("keyStore").is_none() && body.get("trustStore").is_none());
}

#[test]
fn values_are_sent_trimmed_and_empty_ones_left_out() {
    let plain = VirtualHostForm {
        account_id: " demo-subaccount ".into(),
        virtual_host_url: " sandbox2 ".into(),
        ..VirtualHostForm::default()
    };
    assert!(validate(&plain).is_empty());
    let body: Value = serde_json::from_str(&plain.body()).expect("json");
    assert_eq!(body["virtualHostUrl"], "sandbox2");
    assert!(body.get("keyStore").is_none() && body.get("trustStore").is_none());
    assert_eq!(body["isClientAuthEnabled"], false);
}

// --- validation -----------------------------------------------------------------------------

#[test]
fn alias_rules_are_sap_s() {
    assert!(check_alias_ok("prod-apis"));
    assert!(check_alias_ok(&"a".repeat(63)));
    for bad in ["", "-x", "x-", "a_b", "a b", "ä", "a.b"] {
        let form = VirtualHostForm {
            virtual_host_url: bad.into(),
            ..form()
        };
        assert!(
            validate(&form).get(Field::VirtualHostUrl).is_some(),
            "{bad:?} should be refused"
        );
    }
    let long = VirtualHostForm {
        virtual_host_url: "a".repeat(64),
        ..form()
    };
    assert_eq!(
        validate(&long).get(Field::VirtualHostUrl).as_deref(),
        Some("The alias has 64 characters; at most 63 are allowed.")
    );
}

fn check_alias_ok(alias: &str) -> bool {
    form::check_alias(alias).is_ok()
}

#[test]
fn required_fields_and_store_forms_have_messages() {
    let empty = VirtualHostForm {
        client_auth: true,
        ..VirtualHostForm::default()
    };
    let errors = validate(&empty);
    for field in [Field::AccountId, Field::VirtualHostUrl, Field::TrustStore] {
        assert!(errors.get(field).is_some(), "{field:?}");
    }
    assert!(
        errors.get(Field::KeyStore).is_none(),
        "keystore is optional"
    );
    assert!(
        errors.get(Field::VirtualHostId).is_none(),
        "CREATE needs no id"
    );

    for (store, ok) in [
        ("ref://partner-truststore-ref", true),
        ("legacy-truststore", true),
        ("ref://", false),
        ("https://x", false),
        ("two words", false),
    ] {
        let f = VirtualHostForm {
            trust_store: store.into(),
            ..form()
        };
        assert_eq!(
            validate(&f).get(Field::TrustStore).is_none(),
            ok,
            "{store:?}"
        );
    }
}

#[test]
fn custom_domain_needs_a_full_host_name_keystore_and_key_alias() {
    let f = VirtualHostForm {
        custom_domain: true,
        virtual_host_url: "api".into(),
        key_store: String::new(),
        ..form()
    };
    let errors = validate(&f);
    assert!(errors
        .get(Field::VirtualHostUrl)
        .is_some_and(|m| m.contains("full host name")));
    assert!(errors.get(Field::KeyStore).is_some());
    assert!(errors.get(Field::KeyStoreAlias).is_some());
    for bad in [
        "https://api.example.com",
        "api..example.com",
        "-a.example.com",
    ] {
        let f = VirtualHostForm {
            custom_domain: true,
            virtual_host_url: bad.into(),
            key_store_alias: "k".into(),
            ..form()
        };
        assert!(validate(&f).get(Field::VirtualHostUrl).is_some(), "{bad}");
    }
    // A dotted name without the custom-domain box says how to fix it.
    let dotted = VirtualHostForm {
        virtual_host_url: "api.example.com".into(),
        ..form()
    };
    assert!(validate(&dotted)
        .get(Field::VirtualHostUrl)
        .is_some_and(|m| m.contains("custom domain")));
}

#[test]
fn update_and_delete_need_the_id_delete_nothing_else() {
    let update = VirtualHostForm {
        operation: Operation::Update,
        ..form()
    };
    assert!(validate(&update).get(Field::VirtualHostId).is_some());
    let delete = VirtualHostForm {
        operation: Operation::Delete,
        virtual_host_id: "x".into(),
        ..VirtualHostForm::default()
    };
    assert!(validate(&delete).is_empty());
}

// --- 201 answers ----------------------------------------------------------------------------

#[test]
fn reads_the_seed_atom_delete_sample_despite_its_typos() {
    let xml = fixture!("virtualhostrequests-delete-201.docs.xml");
    assert!(xml.contains("/link>") && xml.contains("schems.microsoft.com"));
    let result = parse_request_result(&answer(201, "application/atom+xml;type=entry", xml))
        .expect("the lenient reader reads SAP's published sample");
    assert_eq!(result.operation.as_deref(), Some("DELETE"));
    assert_eq!(
        result.virtual_host_id.as_deref(),
        Some("262553bf-8d37-4619-9014-761ae184de66")
    );
    assert_eq!(
        result.id.as_deref(),
        Some("9406b886-4dba-4931-8bd9-972070162821")
    );
    assert_eq!(result.account_id.as_deref(), Some("parsec"));
    assert_eq!(result.allocated_port, Some(0));
    assert_eq!(result.allocation_status, None);
    assert_eq!(result.virtual_host_url, None);
    assert_eq!(result.lb_host, None);
    assert!(!result.is_tls && !result.client_auth && !result.custom_domain);
}

#[test]
fn atom_and_json_forms_of_one_entity_read_the_same() {
    let json = fixture!("virtualhostrequests-create-201.docs.json");
    let from_json = parse_request_result(&answer(201, "application/json", json)).expect("json");
    let value: Value = serde_json::from_str(json).expect("json");
    let d = &value["d"];
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><entry xmlns=\"http://www.w3.org/2005/Atom\" \
         xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\" \
         xmlns:d=\"http://schemas.microsoft.com/ado/2007/08/dataservices\"><content \
         type=\"application/xml\"><m:properties>",
    );
    for (name, v) in d.as_object().expect("object") {
        match v {
            Value::Null => xml.push_str(&format!("<d:{name} m:null=\"true\"/>")),
            Value::String(s) => xml.push_str(&format!("<d:{name}>{s}</d:{name}>")),
            Value::Object(_) => xml.push_str(&format!(
                "<d:{name} m:type=\"x\"><d:changed_at>2024-02-08T08:21:54.905</d:changed_at></d:{name}>"
            )),
            other => xml.push_str(&format!("<d:{name}>{other}</d:{name}>")),
        }
    }
    xml.push_str("</m:properties></content></entry>");
    let from_xml = parse_request_result(&answer(201, "application/atom+xml", &xml)).expect("xml");
    assert_eq!(from_json, from_xml);
    assert_eq!(from_json.allocation_status.as_deref(), Some("COMPLETE"));
    assert_eq!(
        from_json.virtual_host_id.as_deref(),
        Some("c269915f-7adc-4f78-bdd0-dd39ffcb079f")
    );
    assert_eq!(from_json.allocated_port, Some(443));
}

#[test]
fn reads_tenant_and_update_answers() {
    let tenant = parse_request_result(&answer(
        201,
        "application/json",
        fixture!("virtualhostrequests-create-201.tenant.json"),
    ))
    .expect("tenant");
    assert_eq!(
        tenant.virtual_host_url.as_deref(),
        Some("prod-apis.apimanagement.eu10.hana.ondemand.com")
    );
    let update = parse_request_result(&answer(
        201,
        "application/json",
        fixture!("virtualhostrequests-update-201.docs.json"),
    ))
    .expect("update");
    assert_eq!(update.operation.as_deref(), Some("UPDATE"));
}

#[test]
fn a_broken_201_says_the_change_may_have_happened() {
    for body in [
        "{\"d\":{\"results\":[{\"__metadata\":{\"id\":\"",
        "<html><body>x</body></html>",
        "",
        "COMPLETE",
    ] {
        let problem = parse_request_result(&answer(201, "text/html", body)).expect_err(body);
        assert_eq!(problem.status, Some(201));
        assert!(
            problem.message.contains("refresh the list"),
            "{}",
            problem.message
        );
    }
}

#[test]
fn the_lenient_reader_unescapes_and_fails_clearly() {
    let props = read_atom_properties(
        "<m:properties><d:a>x &amp; y &#x41;</d:a><d:b/><d:c m:null=\"true\"></d:c></m:properties>",
    )
    .expect("read");
    assert_eq!(
        props,
        vec![
            ("a".to_string(), Some("x & y A".to_string())),
            ("b".to_string(), None),
            ("c".to_string(), None)
        ]
    );
    assert_eq!(
        read_atom_properties("<entry><title>x</title></entry>"),
        Err("the XML answer holds no <m:properties> element".to_string())
    );
}

// --- errors ---------------------------------------------------------------------------------

#[test]
fn odata_json_errors_give_code_and_message() {
    let problem = describe_error(&answer(
        400,
        "application/json",
        fixture!("virtualhostrequests-unknown-id-400.tenant.json"),
    ));
    assert_eq!(problem.status, Some(400));
    assert_eq!(
        problem.code.as_deref(),
        Some("VHR_NO_COMPLETED_RECORD_FOUND")
    );
    assert!(problem
        .message
        .contains("Could not locate previous status for the virtual host id"));
    // A doc sample with a leading blank line and tabs.
    let duplicate = describe_error(&answer(
        400,
        "application/json",
        fixture!("certificatestorereferences-duplicate-400.docs.json"),
    ));
    assert_eq!(
        duplicate.code.as_deref(),
        Some("CERTIFICATE_STORE_REFERENCE_NAME_DUPLICATION_ERROR")
    );
}

#[test]
fn xml_text_html_and_empty_errors_are_put_in_words() {
    let xml = describe_error(&answer(
        400,
        "application/xml",
        "<?xml version=\"1.0\"?><error xmlns=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\"><code>VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID</code><message xml:lang=\"en\">only Alphanumerics &amp; hyphens</message></error>",
    ));
    assert_eq!(
        xml.code.as_deref(),
        Some("VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID")
    );
    assert!(xml.message.ends_with("only Alphanumerics & hyphens"));

    let html = describe_error(&answer(
        500,
        "text/html",
        "<!DOCTYPE html><html><head><title>Application Error</title></head><body></body></html>",
    ));
    assert!(
        html.message.contains("HTML page (“Application Error”)"),
        "{}",
        html.message
    );
    assert!(html.message.starts_with("The backend failed"));

    let text = describe_error(&answer(502, "text/plain", "upstream unreachable"));
    assert!(text
        .message
        .ends_with("The answer was: upstream unreachable"));

    let empty = describe_error(&answer(503, "", ""));
    assert!(empty.message.contains("no body"));

    let unauthorized = describe_error(&answer(
        401,
        "application/json",
        r#"{"error":"invalid_token","error_description":"The access token expired"}"#,
    ));
    assert!(unauthorized.is_unauthorized());
    assert_eq!(unauthorized.code.as_deref(), Some("invalid_token"));
    assert!(unauthorized.message.contains("The access token expired"));

    let broken = describe_error(&answer(500, "application/json", "{\"error\":"));
    assert!(broken.message.contains("broken JSON"));
}

// --- lists ----------------------------------------------------------------------------------

#[test]
fn reads_the_tenant_virtual_host_list_without_metadata() {
    let hosts = parse_virtual_hosts(&answer(
        200,
        "application/json",
        fixture!("virtualhosts-list-200.tenant.json"),
    ))
    .expect("list");
    assert_eq!(hosts.len(), 2);
    assert!(hosts[0].is_default && hosts[0].is_ssl && !hosts[0].client_auth);
    assert_eq!(hosts[1].id, "79b619fc-0000-4000-8000-000000000002");
    assert_eq!(hosts[1].alias(), "prod-apis");
    assert_eq!(hosts[1].port, Reading::Read(443));
    assert_eq!(hosts[1].trust_store, None);
}

#[test]
fn reads_lists_with_metadata_life_cycle_and_dates() {
    let body = r#"{"d":{"results":[{"__metadata":{"uri":"x","type":"apiportal.VirtualHost"},
        "id":"a","name":"a","isDefault":false,"isSSL":true,"isClientAuthEnabled":true,
        "isForCustomDomain":true,"keyStoreName":"ks","keyStoreAlias":"k","trustStore":"ref://t",
        "virtual_host":"api.example.com","virtual_port":443,
        "life_cycle":{"__metadata":{"type":"apiportal.History"},"changed_at":"\/Date(1709810822439)\/"}},
        {"name":"no-id-uses-name"},{"isDefault":true}]}}"#;
    let hosts = parse_virtual_hosts(&answer(200, "application/json", body)).expect("list");
    assert_eq!(hosts.len(), 2, "a row without id or name is skipped");
    assert_eq!(hosts[0].changed_at, Reading::Read(1_709_810_822_439));
    assert_eq!(hosts[1].changed_at, Reading::Absent);
    assert_eq!(hosts[0].alias(), "api.example.com");
    assert_eq!(hosts[1].id, "no-id-uses-name");

    let stores = parse_certificate_stores(&answer(
        200,
        "application/json",
        r#"{"d":{"results":[{"name":"demo-keystore","storeType":"KeyStore"},{"name":"t","storeType":"TrustStore"}]}}"#,
    ))
    .expect("stores");
    assert!(!stores[0].is_trust_store() && stores[1].is_trust_store());

    let list = fixture!("virtualhosts-list-200.tenant.json");
    assert!(parse_store_references(&answer(200, "application/json", list)).is_ok());
    let references = parse_store_references(&answer(
        200,
        "application/json",
        r#"{"d":{"results":[{"name":"reference_ts_1","certificateStoreName":"ts_1","storeType":"TRUSTSTORE"}]}}"#,
    ))
    .expect("references");
    assert_eq!(references[0].as_store_value(), "ref://reference_ts_1");
    assert!(references[0].is_trust_store());
}

#[test]
fn odata_dates_read_with_or_without_escapes_and_offsets() {
    assert_eq!(
        parse_odata_date("/Date(1707380514905)/"),
        Some(1_707_380_514_905)
    );
    assert_eq!(
        parse_odata_date("\\/Date(1707380514905)\\/"),
        Some(1_707_380_514_905)
    );
    assert_eq!(
        parse_odata_date("/Date(1707380514905+0000)/"),
        Some(1_707_380_514_905)
    );
    assert_eq!(parse_odata_date("/Date(-1000)/"), Some(-1000));
    assert_eq!(parse_odata_date("/Date(-1000-0130)/"), Some(-1000));
    assert_eq!(parse_odata_date("2025-09-18T05:07:17.976"), None);
}

#[test]
fn malformed_odata_dates_are_none_never_a_panic() {
    for text in [
        "/Date()/",
        "\\/Date()\\/",
        "/Date(é)/",
        "/Date(1é)/",
        "/Date(€+0000)/",
        "/Date(-)/",
        "/Date(+)/",
        "/Date(--1)/",
        "/Date(1+)/",
        "/Date(1+00)/",
        "/Date(1+00é0)/",
        "/Date(1+0000+0000)/",
        "/Date( 1)/",
        "/Date(99999999999999999999)/",
        "/Date(-9223372036854775808)/",
        "/Date(",
        "/Date)/",
        "Date()",
        "",
        "/",
        "é",
    ] {
        assert_eq!(parse_odata_date(text), None, "{text:?}");
    }
    assert_eq!(
        parse_odata_date("/Date(9223372036854775807)/"),
        Some(i64::MAX)
    );
}

#[test]
fn a_row_with_malformed_fields_is_listed_with_them_unreadable() {
    let body = r#"{"d":{"results":[
        {"id":"a","virtual_host":"a.example.com","virtual_port":"4x3",
         "life_cycle":{"changed_at":"/Date()/"}},
        {"id":"b","virtual_host":"b.example.com","virtual_port":443,
         "life_cycle":{"changed_at":"/Date(é)/"}},
        {"id":"c","virtual_host":"c.example.com","virtual_port":{"n":1},
         "life_cycle":{"changed_at":1709810822439}},
        {"id":"d","virtual_host":"d.example.com","virtual_port":null,
         "life_cycle":{"changed_at":"/Date(1709810822439)/"}}]}}"#;
    let hosts = parse_virtual_hosts(&answer(200, "application/json", body)).expect("list");
    let cells: Vec<(String, String)> = hosts
        .iter()
        .map(|h| {
            (
                h.port.display(|p| Some(p.to_string())),
                h.changed_at
                    .display(|ms| crate::api::reading::format_utc_millis(*ms)),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("unreadable".into(), "unreadable".into()),
            ("443".into(), "unreadable".into()),
            ("unreadable".into(), "unreadable".into()),
            ("—".into(), "2024-03-07 11:27 UTC".into()),
        ]
    );
}

#[test]
fn list_failures_keep_status_and_describe_the_body() {
    let html = parse_virtual_hosts(&answer(
        200,
        "text/html",
        "<!DOCTYPE html><html><title>Login</title></html>",
    ))
    .expect_err("html");
    assert!(html.message.contains("could not be read") && html.message.contains("Login"));
    let truncated = parse_virtual_hosts(&answer(200, "application/json", "{\"d\":{\"results\":[{"))
        .expect_err("truncated");
    assert!(truncated.message.contains("broken JSON"));
    let refused = parse_virtual_hosts(&answer(
        500,
        "application/json",
        r#"{"error":{"code":"INTERNAL_SERVER_ERROR","message":{"lang":"en","value":"boom"}}}"#,
    ))
    .expect_err("500");
    assert_eq!(refused.status, Some(500));
    assert_eq!(refused.code.as_deref(), Some("INTERNAL_SERVER_ERROR"));
}

// --- service key and token ------------------------------------------------------------------

#[test]
fn reads_a_service_key_and_never_shows_its_secret() {
    let key = parse_service_key(
        r#"{"url":"https://t.apimanagement.eu10.hana.ondemand.com","tokenUrl":"https://t.authentication.eu10.hana.ondemand.com/oauth/token","clientId":"sb-x!b1|api-portal-xsuaa!b2","clientSecret":"s3cr3t"}"#,
    )
    .expect("key");
    assert_eq!(key.client_id, "sb-x!b1|api-portal-xsuaa!b2");
    assert!(!format!("{key:?}").contains("s3cr3t"));
    let request = token_request(&key);
    assert_eq!(request.path, "/oauth/token?grant_type=client_credentials");
    assert!(!request.path.contains("s3cr3t") && request.body.is_none());
    let basic = STANDARD.encode("sb-x!b1|api-portal-xsuaa!b2:s3cr3t");
    assert!(request
        .headers
        .contains(&("Authorization".into(), format!("Basic {basic}"))));

    let wrapped = parse_service_key(
        r#"{"credentials":{"url":"u","tokenurl":"t","clientid":"c","clientsecret":"s"}}"#,
    );
    assert!(wrapped.is_ok());
}

#[test]
fn service_key_problems_name_fields_not_values() {
    let missing = parse_service_key(r#"{"url":"u","clientSecret":"hidden-value"}"#).expect_err("x");
    assert!(missing.contains("tokenUrl, clientId") && !missing.contains("hidden-value"));
    assert!(parse_service_key("not json")
        .expect_err("x")
        .contains("not JSON"));
    assert!(
        parse_service_key(r#"{"url":"u","certificate":"c","privateKey":"k"}"#)
            .expect_err("x")
            .contains("never asks for a private key")
    );
}

#[test]
fn reads_the_recorded_xsuaa_token_answer() {
    let grant = parse_token_response(&answer(
        200,
        "application/json;charset=UTF-8",
        fixture!("xsuaa-token-200.recorded.json"),
    ))
    .expect("grant");
    assert_eq!(grant.expires_in, Some(43_199));
    assert!(grant.access_token.starts_with("eyJhbGciOiJSUzI1NiIs"));
    assert!(!format!("{grant:?}").contains("eyJ"));

    let refused = parse_token_response(&answer(
        401,
        "application/json",
        r#"{"error":"unauthorized","error_description":"Bad credentials"}"#,
    ))
    .expect_err("401");
    assert!(
        refused.message.contains("Bad credentials") && refused.message.contains("clientSecret")
    );
    assert!(refused
        .message
        .starts_with("The client id or secret was refused."));
    // Not "get a new token": the login itself was refused.
    assert!(refused.login_refused && !refused.is_unauthorized());
    assert_eq!(refused.code.as_deref(), Some("unauthorized"));
    let empty = parse_token_response(&answer(
        200,
        "application/json",
        r#"{"token_type":"bearer"}"#,
    ));
    assert!(empty.is_err());
}

#[test]
fn a_refused_client_secret_is_said_in_words_with_or_without_the_challenge() {
    // As the demo (and XSUAA) answer a wrong secret, with the challenge the portal server moves
    // out of `WWW-Authenticate`.
    let mut with_challenge = answer(
        401,
        "application/json;charset=UTF-8",
        r#"{"error":"unauthorized","error_description":"Bad credentials"}"#,
    );
    with_challenge.upstream_authenticate = Some(
        r#"Basic realm="UAA/client", error="unauthorized", error_description="Bad credentials""#
            .into(),
    );
    let empty_body = answer(401, "", "");
    for response in [with_challenge.clone(), empty_body] {
        let problem = parse_token_response(&response).expect_err("401");
        assert!(
            problem
                .message
                .starts_with("The client id or secret was refused."),
            "{}",
            problem.message
        );
        assert!(problem.login_refused);
        assert!(!problem.message.contains("expired"), "{}", problem.message);
    }
    // Any other SAP call answered 401 with a login challenge says the same.
    let described = describe_error(&with_challenge);
    assert!(described
        .message
        .starts_with("The client id or secret was refused (realm “UAA/client”)."));
    assert!(described.login_refused);
    // A Bearer challenge is about the token, in the backend's words.
    let mut bearer = answer(401, "application/json", "{}");
    bearer.upstream_authenticate =
        Some(r#"Bearer error="invalid_token", error_description="Token expired""#.into());
    let described = describe_error(&bearer);
    assert!(described.is_unauthorized());
    assert!(described
        .message
        .starts_with("The token was refused: Token expired."));
}

#[test]
fn the_portal_servers_own_refusals_are_shown_in_their_words() {
    for (status, body, lead) in [
        (
            400,
            "refused: the path /apiportal/%2e%2e/x leaves the API",
            "SAP API Management refused the request.",
        ),
        (
            502,
            "refused: the tenant answered text/html, which the portal does not pass on",
            "The portal server got no usable answer from the backend.",
        ),
        (
            502,
            "refused: the tenant's answer is larger than 8 MiB",
            "The portal server got no usable answer from the backend.",
        ),
        (
            504,
            "the tenant did not answer within 19 s",
            "The backend did not answer in time.",
        ),
    ] {
        let problem = describe_error(&answer(status, "text/plain; charset=utf-8", body));
        assert_eq!(problem.headline(), format!("HTTP {status}"));
        assert_eq!(problem.message, format!("{lead} The answer was: {body}"));
        assert!(!problem.timed_out);
    }
    // The same refusals as the server's JSON problems.
    let refused_path = describe_error(&answer(
        400,
        "application/json",
        r#"{"error":"path_refused","error_description":"The path has a dot segment."}"#,
    ));
    assert_eq!(refused_path.headline(), "HTTP 400 · path_refused");
    assert_eq!(
        refused_path.message,
        "The portal server did not forward this request. The path has a dot segment."
    );
    let too_large = describe_error(&answer(
        502,
        "application/json",
        r#"{"error":"upstream_answer_too_large","error_description":"more than 8 MiB"}"#,
    ));
    assert_eq!(
        too_large.message,
        "The portal server got no usable answer from the backend. more than 8 MiB"
    );
}

#[test]
fn the_subdomain_comes_from_the_token_when_it_has_one() {
    let payload = URL_SAFE_NO_PAD.encode(r#"{"ext_attr":{"zdn":"demo-subaccount"}}"#);
    assert_eq!(
        subdomain_from_token(&format!("h.{payload}.s")).as_deref(),
        Some("demo-subaccount")
    );
    let recorded: Value =
        serde_json::from_str(fixture!("xsuaa-token-200.recorded.json")).expect("json");
    let token = recorded["access_token"].as_str().expect("token");
    assert_eq!(
        subdomain_from_token(token),
        None,
        "2017 tokens carry no zdn"
    );
    assert_eq!(subdomain_from_token("opaque"), None);
}
