use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../tests/fixtures/apinizer/", $name))
    };
}

fn answer(status: u16, body: &str) -> RawResponse {
    RawResponse {
        status,
        content_type: "application/json;charset=UTF-8".into(),
        body: body.into(),
        ..RawResponse::default()
    }
}

#[test]
fn only_the_fields_set_go_into_the_body() {
    assert_eq!(mtls_body(&MtlsChange::default()), json!({}));
    let change = MtlsChange {
        verifier: Some(HostnameVerifier::Strict),
        ..MtlsChange::default()
    };
    assert_eq!(
        mtls_body(&change),
        json!({"hostnameVerifierType": "STRICT"})
    );
    let full = MtlsChange {
        enabled: Some(true),
        key_store_id: Some("keystore-id-123".into()),
        trust_store_id: Some("truststore-id-456".into()),
        protocols: ProtocolChoice::Only(vec![Protocol::Tls12, Protocol::Tls13]),
        verifier: Some(HostnameVerifier::Strict),
    };
    // The seed's full example, field for field.
    assert_eq!(
        mtls_body(&full),
        json!({
            "enabled": true,
            "keyStoreId": "keystore-id-123",
            "trustStoreId": "truststore-id-456",
            "supportedProtocolList": ["TLS_1_2", "TLS_1_3"],
            "hostnameVerifierType": "STRICT"
        })
    );
    let disable = MtlsChange {
        enabled: Some(false),
        ..MtlsChange::default()
    };
    assert_eq!(mtls_body_text(&disable), "{\n  \"enabled\": false\n}");
    assert_eq!(mtls_body_text(&MtlsChange::default()), "{}");
    // The text is the seed's order and valid JSON equal to the body.
    let text = mtls_body_text(&full);
    assert_eq!(
        text,
        "{\n  \"enabled\": true,\n  \"keyStoreId\": \"keystore-id-123\",\n  \"trustStoreId\": \"truststore-id-456\",\n  \"supportedProtocolList\": [\n    \"TLS_1_2\",\n    \"TLS_1_3\"\n  ],\n  \"hostnameVerifierType\": \"STRICT\"\n}"
    );
    assert_eq!(
        serde_json::from_str::<Value>(&text).ok(),
        Some(mtls_body(&full))
    );
}

#[test]
fn enum_spellings_are_the_apis() {
    let names: Vec<&str> = Protocol::ALL.iter().map(|p| p.as_str()).collect();
    assert_eq!(
        names,
        ["TLS_1_3", "TLS_1_2", "TLS_1_1", "TLS_1_0", "SSL_3_0"]
    );
    let verifiers: Vec<&str> = HostnameVerifier::ALL.iter().map(|v| v.as_str()).collect();
    assert_eq!(verifiers, ["STRICT", "DEFAULT", "BROWSER_COMPAT", "NOOP"]);
    for v in HostnameVerifier::ALL {
        assert_eq!(HostnameVerifier::from_api(v.as_str()), Some(v));
    }
    assert_eq!(HostnameVerifier::from_api("noop"), None);
}

#[test]
fn all_protocols_is_an_empty_list_sent_on_purpose() {
    let change = MtlsChange {
        protocols: ProtocolChoice::All,
        ..MtlsChange::default()
    };
    assert_eq!(mtls_body(&change), json!({"supportedProtocolList": []}));
    let fields = |c: Confirmations| -> Vec<Field> {
        validate("P", "X", &change, c)
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    };
    assert_eq!(fields(Confirmations::default()), [Field::Protocols]);
    let confirmed = Confirmations {
        all_protocols: true,
        ..Confirmations::default()
    };
    assert!(fields(confirmed).is_empty());
}

#[test]
fn enabling_needs_a_keystore() {
    let change = MtlsChange {
        enabled: Some(true),
        ..MtlsChange::default()
    };
    let errors = validate("P", "X", &change, Confirmations::default());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, Field::KeyStore);
    let blank = MtlsChange {
        key_store_id: Some("  ".into()),
        ..change.clone()
    };
    assert_eq!(
        validate("P", "X", &blank, Confirmations::default())[0].0,
        Field::KeyStore
    );
    let with_key = MtlsChange {
        key_store_id: Some("ks".into()),
        ..change
    };
    assert!(validate("P", "X", &with_key, Confirmations::default()).is_empty());
}

#[test]
fn risky_choices_need_confirmation() {
    let legacy = MtlsChange {
        protocols: ProtocolChoice::Only(vec![Protocol::Tls12, Protocol::Tls10]),
        verifier: Some(HostnameVerifier::Noop),
        ..MtlsChange::default()
    };
    let fields: Vec<Field> = validate("P", "X", &legacy, Confirmations::default())
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, [Field::Protocols, Field::Verifier]);
    let confirmed = Confirmations {
        noop_verifier: true,
        legacy_protocols: true,
        all_protocols: false,
    };
    assert!(validate("P", "X", &legacy, confirmed).is_empty());
    let modern = MtlsChange {
        protocols: ProtocolChoice::Only(vec![Protocol::Tls13]),
        ..MtlsChange::default()
    };
    assert!(validate("P", "X", &modern, Confirmations::default()).is_empty());
}

#[test]
fn names_and_a_change_are_required() {
    let fields: Vec<Field> = validate(" ", "", &MtlsChange::default(), Confirmations::default())
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, [Field::Project, Field::Proxy, Field::Change]);
    let empty_only = MtlsChange {
        protocols: ProtocolChoice::Only(Vec::new()),
        ..MtlsChange::default()
    };
    assert!(validate("P", "X", &empty_only, Confirmations::default())
        .iter()
        .any(|(f, _)| *f == Field::Protocols));
}

#[test]
fn paths_encode_names() {
    assert_eq!(
        mtls_path("MyProject", "MyAPI"),
        "/apiops/projects/MyProject/apiProxies/MyAPI/settings/mtls/"
    );
    assert_eq!(
        mtls_path("My Project", "a/b?c"),
        "/apiops/projects/My%20Project/apiProxies/a%2Fb%3Fc/settings/mtls/"
    );
    let request = mtls_request("P", "X", &MtlsChange::default());
    assert_eq!(request.method, Method::Patch);
    assert!(request
        .headers
        .contains(&("Content-Type".into(), "application/json".into())));
}

#[test]
fn every_documented_success_shape_is_read() {
    assert_eq!(
        parse_update(&answer(200, fixture!("apinizer-settings-mtls-200.json"))),
        Ok(())
    );
    assert_eq!(
        parse_update(&answer(
            200,
            fixture!("apinizer-settings-mtls-deploy-200.json")
        )),
        Ok(())
    );
    assert_eq!(
        parse_update(&answer(200, r#"{"status":"SUCCESS"}"#)),
        Ok(())
    );
    let failure = parse_update(&answer(
        200,
        r#"{"status":"FAILURE","resultMessage":"KeyStore (ks) is not found!"}"#,
    ))
    .expect_err("a FAILURE status");
    assert_eq!(failure.message, "KeyStore (ks) is not found!");
}

#[test]
fn every_documented_error_shape_is_put_in_words() {
    for (status, body, words) in [
        (
            400,
            fixture!("apinizer-settings-mtls-keystore-missing-400-olddocs.json"),
            "KeyStore ID is required when mTLS is enabled",
        ),
        (
            400,
            fixture!("apinizer-settings-mtls-keystore-missing-400.json"),
            "KeyStore ID is required when mTLS is enabled",
        ),
        (
            404,
            fixture!("apinizer-settings-mtls-proxy-not-found-404-olddocs.json"),
            "ApiProxy (name: MyAPI) was not found!",
        ),
        (
            401,
            fixture!("apinizer-settings-mtls-invalid-token-401.json"),
            "Token is not valid!",
        ),
        (
            401,
            r#"{"error":"unauthorized_client","error_description":"Invalid token"}"#,
            "Invalid token",
        ),
    ] {
        let problem = parse_update(&answer(status, body)).expect_err("an error");
        assert_eq!(problem.status, Some(status));
        assert!(
            problem.message.starts_with(words),
            "{status}: {}",
            problem.message
        );
        assert_eq!(problem.is_unauthorized(), status == 401);
    }
    let unauthorized = parse_update(&answer(
        401,
        r#"{"error":"unauthorized_client","error_description":"Invalid token"}"#,
    ))
    .expect_err("401");
    assert!(unauthorized.message.contains("get a new one"));
    assert_eq!(unauthorized.code.as_deref(), Some("unauthorized_client"));
}

#[test]
fn garbage_answers_get_a_clear_message() {
    for (status, body, words) in [
        (200, "{\"succ", "not Apinizer's JSON"),
        (
            502,
            "<html><body>Bad gateway</body></html>",
            "HTML or XML page",
        ),
        (500, "", "empty body"),
        (
            200,
            "{\"something\":1}",
            "does not say whether the change was made",
        ),
    ] {
        let problem = parse_update(&answer(status, body)).expect_err("not a success");
        assert!(
            problem.message.contains(words),
            "{status} {body}: {}",
            problem.message
        );
    }
    let long = "x".repeat(500);
    let problem = parse_update(&answer(500, &long)).expect_err("error");
    assert!(problem.message.chars().count() < 200);
}

#[test]
fn tokens_are_read_from_every_documented_answer() {
    let grant = parse_token(&answer(
        200,
        fixture!("apinizer-auth-token-200-newdocs.json"),
    ))
    .expect("token");
    assert!(grant.access_token.starts_with("eyJ"));
    assert_eq!(grant.expires_in, Some(3600));
    // The older documentation gives an absolute time in ms: not a duration.
    let old = parse_token(&answer(
        200,
        r#"{ "access_token": "abc", "expires_in": 1656505346947 }"#,
    ))
    .expect("token");
    assert_eq!(old.expires_in, None);
    let bad = parse_token(&answer(
        401,
        fixture!("apinizer-auth-token-bad-credentials-401.json"),
    ))
    .expect_err("401");
    assert_eq!(
        bad.message,
        "The user name or password was refused (the console said: “Bad credentials”). Enter the \
         password again."
    );
    assert!(bad.login_refused && !bad.is_unauthorized());
    assert_eq!(bad.code.as_deref(), Some("unauthorized_client"));
    let grant_type = parse_token(&answer(
        400,
        fixture!("apinizer-auth-token-bad-grant-400.json"),
    ))
    .expect_err("400");
    assert_eq!(
        grant_type.message,
        "GrantType value must be client_credentials!"
    );
    assert!(parse_token(&answer(200, "{}")).is_err());
}

#[test]
fn challenges_and_the_portal_servers_answers_are_put_in_words() {
    let mut basic = answer(
        401,
        r#"{"error":"unauthorized_client","error_description":"Bad credentials"}"#,
    );
    basic.upstream_authenticate = Some(r#"Basic realm="apinizer""#.into());
    let problem = describe_error(&basic);
    assert!(problem.login_refused);
    assert_eq!(
        problem.message,
        "The user name or password was refused (Bad credentials)."
    );
    let mut bearer = answer(
        401,
        r#"{"error":"token_expired","error_description":"Token was expired!"}"#,
    );
    bearer.upstream_authenticate =
        Some(r#"Bearer error="invalid_token", error_description="expired""#.into());
    let problem = describe_error(&bearer);
    assert!(problem.is_unauthorized());
    assert!(problem.message.contains("the token was refused (expired)"));

    let mut plain = answer(504, "Apinizer did not answer within 19 s");
    plain.content_type = "text/plain; charset=utf-8".into();
    assert_eq!(
        describe_error(&plain).message,
        "The Apinizer console did not answer in time: The backend answered with something that \
         is not Apinizer's JSON: \"Apinizer did not answer within 19 s\""
    );
    let too_large = describe_error(&answer(
        502,
        r#"{"error":"upstream_answer_too_large","error_description":"more than 8 MiB"}"#,
    ));
    assert_eq!(
        too_large.message,
        "The portal server got no usable answer from the Apinizer console: more than 8 MiB"
    );
    assert_eq!(too_large.code.as_deref(), Some("upstream_answer_too_large"));
}

#[test]
fn the_exchange_never_leaks_the_password_into_the_path() {
    let request = token_request("demo admin", "p&ss=word");
    assert_eq!(request.path, TOKEN_PATH);
    assert_eq!(
        request.body.as_deref(),
        Some("grant_type=client_credentials&client_id=demo%20admin&client_secret=p%26ss%3Dword")
    );
}

#[test]
fn keystores_of_both_documentation_generations_are_listed() {
    for name in ["olddocs", "newdocs"] {
        let body = if name == "olddocs" {
            fixture!("apinizer-keystores-list-200-olddocs.json")
        } else {
            fixture!("apinizer-keystores-list-200.json")
        };
        let list = parse_keystores(&answer(200, body)).expect("keystores");
        assert_eq!(list.len(), 1, "{name}");
        assert_eq!(list[0].id, "my-keystore", "{name}");
        assert_eq!(
            list[0].description.as_deref(),
            Some("Keystore for API security")
        );
        assert_eq!(list[0].environments.len(), 1, "{name}");
    }
    let with_id = parse_keystores(&answer(
        200,
        r#"{"success":true,"resultList":[{"id":"ks-1","name":"n"}]}"#,
    ))
    .expect("list");
    assert_eq!(with_id[0].id, "ks-1");
}

#[test]
fn proxies_are_listed_by_name() {
    let list = parse_proxies(&answer(
        200,
        r#"{"success":true,"resultList":[{"name":"PaymentsAPI"},{"name":"RefundsAPI"}],"resultCount":2}"#,
    ))
    .expect("proxies");
    assert_eq!(list, ["PaymentsAPI", "RefundsAPI"]);
    assert!(parse_proxies(&answer(
        404,
        r#"{"error":"not_found","error_description":"Project (X) is not found!"}"#
    ))
    .is_err());
}
