//! SAP API Management emulation against the recorded and documented bodies.

mod common;

use axum::http::{Method, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use common::*;
use portal_server::demo_data as demo;
use portal_server::Config;

const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
const NS_M: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
const NS_D: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices";

fn is_uuid(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| uuid::Uuid::parse_str(s).is_ok())
}

fn full_host(alias: &str) -> String {
    format!("{alias}.{}", demo::SAP_HOST_DOMAIN)
}

/// Property names of SAP's (not well-formed) Atom DELETE sample, in order.
fn sample_atom_property_names() -> Vec<String> {
    let xml = fixture("sap/virtualhostrequests-delete-201.docs.xml");
    let start = xml.find("<m:properties>").expect("properties");
    let end = xml.find("</m:properties>").expect("end");
    let mut names = Vec::new();
    let mut depth = 0;
    let mut rest = &xml[start..end];
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(name) = rest.strip_prefix("d:") {
            let name: String = name
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if depth == 0 {
                names.push(name.clone());
            }
            if name == "life_cycle" {
                depth += 1;
            }
        } else if rest.starts_with("/d:life_cycle") {
            depth -= 1;
        }
    }
    names
}

fn atom_properties<'a>(doc: &'a roxmltree::Document<'a>) -> roxmltree::Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.has_tag_name((NS_M, "properties")))
        .expect("m:properties")
}

fn atom_prop<'a>(properties: roxmltree::Node<'a, 'a>, name: &str) -> roxmltree::Node<'a, 'a> {
    properties
        .children()
        .find(|n| n.has_tag_name((NS_D, name)))
        .unwrap_or_else(|| panic!("d:{name}"))
}

fn is_null(node: roxmltree::Node) -> bool {
    node.attribute((NS_M, "null")) == Some("true")
}

fn is_atom_datetime(text: &str) -> bool {
    // 2025-09-18T05:07:17.976
    let bytes = text.as_bytes();
    text.len() == 23
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && bytes[19] == b'.'
        && text
            .chars()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19].contains(&i) || c.is_ascii_digit())
}

#[tokio::test]
async fn virtual_hosts_list_has_the_tenant_field_set_plus_metadata_and_life_cycle() {
    let app = app();
    let reply = get(VIRTUAL_HOSTS).sap().accept_json().send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=utf-8"
    );
    let sample = fixture_json("sap/virtualhosts-list-200.tenant.json");
    let sample_entry = &sample["d"]["results"][0];
    let results = reply.json()["d"]["results"]
        .as_array()
        .expect("results")
        .clone();
    assert_eq!(results.len(), demo::SAP_VIRTUAL_HOSTS.len());
    for entry in &results {
        let mut trimmed = entry.clone();
        let object = trimmed.as_object_mut().expect("object");
        let metadata = object.remove("__metadata").expect("__metadata");
        let life_cycle = object.remove("life_cycle").expect("life_cycle");
        assert_same_shape(&trimmed, sample_entry, "VirtualHosts entry");
        assert_eq!(entry["name"], entry["id"], "name equals id as recorded");
        assert_eq!(entry["virtual_port"], 443);
        assert_eq!(metadata["type"], "apiportal.VirtualHost");
        let uri = format!(
            "http://portal.test{VIRTUAL_HOSTS}('{}')",
            entry["id"].as_str().expect("id")
        );
        assert_eq!(metadata["uri"], uri);
        assert_eq!(metadata["id"], uri);
        assert_eq!(life_cycle["__metadata"]["type"], "apiportal.History");
        for key in ["changed_at", "created_at"] {
            assert!(
                is_odata_date(&life_cycle[key]),
                "{key}: {}",
                life_cycle[key]
            );
        }
    }
    let by_host = |host: &str| {
        results
            .iter()
            .find(|e| e["virtual_host"] == host)
            .unwrap_or_else(|| panic!("{host}"))
            .clone()
    };
    let default = by_host(demo::SAP_HOST_DOMAIN);
    assert_eq!(default["isDefault"], true);
    assert_eq!(results.iter().filter(|e| e["isDefault"] == true).count(), 1);
    let prod = by_host(&full_host("prod-apis"));
    assert_eq!(prod["isClientAuthEnabled"], true);
    assert_eq!(prod["trustStore"], "ref://partner-truststore-ref");
    let sandbox = by_host(&full_host("sandbox"));
    assert_eq!(sandbox["isClientAuthEnabled"], false);
    assert_eq!(sandbox["trustStore"], Value::Null);
    by_host(&full_host("partner-api"));
}

#[tokio::test]
async fn lists_answer_atom_by_default_and_json_with_format_json() {
    let app = app();
    let reply = get(VIRTUAL_HOSTS).sap().send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        "application/atom+xml;type=feed;charset=utf-8"
    );
    let text = reply.text();
    let doc = roxmltree::Document::parse(&text).expect("well-formed feed");
    assert!(doc.root_element().has_tag_name((NS_ATOM, "feed")));
    let entries: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((NS_ATOM, "entry")))
        .collect();
    assert_eq!(entries.len(), demo::SAP_VIRTUAL_HOSTS.len());
    let nulls = doc
        .descendants()
        .filter(|n| n.has_tag_name((NS_D, "projectPath")))
        .filter(|n| is_null(*n))
        .count();
    assert_eq!(nulls, demo::SAP_VIRTUAL_HOSTS.len());

    let reply = get(&format!("{VIRTUAL_HOSTS}?$format=json"))
        .sap()
        .send(&app)
        .await;
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=utf-8"
    );
    assert_eq!(
        reply.json()["d"]["results"].as_array().map(Vec::len),
        Some(demo::SAP_VIRTUAL_HOSTS.len())
    );
    // The trailing-slash spelling of SAP Help's sample.
    let reply = get(&format!("{VIRTUAL_HOSTS}/"))
        .sap()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn certificate_stores_and_references() {
    let app = app();
    let reply = get("/apiportal/api/1.0/Management.svc/CertificateStores")
        .sap()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let stores = reply.json()["d"]["results"].clone();
    let stores = stores.as_array().expect("results");
    let names: Vec<(&str, &str)> = stores
        .iter()
        .map(|s| {
            assert_eq!(
                keys(s),
                ["__metadata", "life_cycle", "name", "storeType"],
                "CertificateStore fields ($metadata)"
            );
            assert_eq!(s["__metadata"]["type"], "apiportal.CertificateStore");
            (
                s["name"].as_str().expect("name"),
                s["storeType"].as_str().expect("type"),
            )
        })
        .collect();
    assert!(names.contains(&("demo-keystore", "KeyStore")));
    assert!(names.contains(&("partner-truststore", "TrustStore")));
    assert!(names.contains(&("legacy-truststore", "TrustStore")));

    let reply = get("/apiportal/api/1.0/Management.svc/CertificateStoreReferences")
        .sap()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let sample = fixture_json("sap/certificatestorereferences-create-201.docs.json");
    let references = reply.json()["d"]["results"].clone();
    for reference in references.as_array().expect("results") {
        assert_same_shape(reference, &sample["d"], "CertificateStoreReference");
        assert_eq!(
            reference["__metadata"]["type"],
            "apiportal.CertificateStoreReference"
        );
    }
    let partner = references
        .as_array()
        .and_then(|r| r.iter().find(|r| r["name"] == "partner-truststore-ref"))
        .expect("partner-truststore-ref");
    assert_eq!(partner["certificateStoreName"], "partner-truststore");
    assert_eq!(partner["storeType"], "TRUSTSTORE");
}

#[tokio::test]
async fn a_single_virtual_host_is_forbidden_with_the_self_service_key() {
    let app = app();
    let id = seeded_host_id(Some("sandbox"));
    let reply = get(&format!("{VIRTUAL_HOSTS}('{id}')"))
        .sap()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_same_shape(
        &reply.json(),
        &fixture_json("sap/virtualhostrequests-unknown-id-400.tenant.json"),
        "403 body",
    );
    // Percent-encoded quotes, as a browser sends them.
    let reply = get(&format!("{VIRTUAL_HOSTS}(%27{id}%27)"))
        .sap()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reply.header("content-type"),
        "application/xml;charset=utf-8"
    );
}

#[tokio::test]
async fn create_answers_201_json_like_the_tenant_and_the_docs() {
    let app = app();
    let reply = post(VH_REQUESTS)
        .sap()
        .accept_json()
        .json(&json!({
            "accountId": "demo-subaccount",
            "virtualHostUrl": "orders-api",
            "isDefaultVirtualHostRequest": false,
            "isClientAuthEnabled": true,
            "trustStore": "ref://partner-truststore-ref",
            "operation": "CREATE"
        }))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=utf-8"
    );
    let body = reply.json();
    let d = &body["d"];

    // The docs sample has every field, __metadata and life_cycle included.
    assert_same_shape(
        d,
        &fixture_json("sap/virtualhostrequests-create-201.docs.json")["d"],
        "create vs SAP Help",
    );
    // The tenant-derived sample has them trimmed.
    let mut trimmed = d.clone();
    let object = trimmed.as_object_mut().expect("object");
    object.remove("__metadata");
    object.remove("life_cycle");
    assert_same_shape(
        &trimmed,
        &fixture_json("sap/virtualhostrequests-create-201.tenant.json")["d"],
        "create vs tenant",
    );

    assert_eq!(d["operation"], "CREATE");
    assert_eq!(d["allocationStatus"], "COMPLETE");
    assert_eq!(d["allocatedPort"], 443);
    assert_eq!(d["clusterName"], "");
    assert_eq!(d["accountId"], "demo-subaccount");
    assert_eq!(d["virtualHostUrl"], full_host("orders-api"));
    assert_eq!(d["lbHost"], Value::Null);
    assert_eq!(d["isClientAuthEnabled"], true);
    assert_eq!(d["trustStore"], "ref://partner-truststore-ref");
    assert_eq!(d["isForCustomDomain"], false);
    assert!(is_uuid(&d["id"]) && is_uuid(&d["virtualHostId"]));
    assert_ne!(d["id"], d["virtualHostId"]);
    assert_eq!(
        d["__metadata"]["type"],
        "apimgmtconfiguration.VirtualHostRequest"
    );
    assert_eq!(
        d["__metadata"]["uri"],
        format!(
            "http://portal.test{VH_REQUESTS}('{}')",
            d["id"].as_str().expect("id")
        )
    );
    assert_eq!(
        d["life_cycle"]["__metadata"]["type"],
        "apimgmtconfiguration.History"
    );
    assert!(is_odata_date(&d["life_cycle"]["created_at"]));
    assert_eq!(d["life_cycle"]["created_by"], demo::SAP_CLIENT_ID);

    // At once in the list, as sent.
    let hosts = virtual_hosts(&app).await;
    let created = hosts
        .iter()
        .find(|h| h["id"] == d["virtualHostId"])
        .expect("new host listed");
    assert_eq!(created["virtual_host"], full_host("orders-api"));
    assert_eq!(created["isClientAuthEnabled"], true);
    assert_eq!(created["trustStore"], "ref://partner-truststore-ref");
    assert_eq!(created["isDefault"], false);
}

#[tokio::test]
async fn create_answers_a_well_formed_atom_entry_by_default() {
    let app = app();
    let reply = post(VH_REQUESTS)
        .sap()
        .json(&json!({"accountId":"demo-subaccount","virtualHostUrl":"atom-api","isDefaultVirtualHostRequest":false,"operation":"CREATE"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        "application/atom+xml;type=entry;charset=utf-8"
    );
    let text = reply.text();
    assert!(!text.contains("schems.") && !text.contains("htps:") && !text.contains("VirualHost"));
    let doc = roxmltree::Document::parse(&text).expect("well-formed entry");
    let entry = doc.root_element();
    assert!(entry.has_tag_name((NS_ATOM, "entry")));
    assert_eq!(entry.lookup_namespace_uri(Some("m")), Some(NS_M));
    assert_eq!(entry.lookup_namespace_uri(Some("d")), Some(NS_D));
    assert_eq!(
        entry.attribute(("http://www.w3.org/XML/1998/namespace", "base")),
        Some("http://portal.test/apiportal/operations/1.0/Configuration.svc")
    );
    let child = |name: &str| {
        entry
            .children()
            .find(|n| n.has_tag_name((NS_ATOM, name)))
            .unwrap_or_else(|| panic!("atom:{name}"))
    };
    assert_eq!(child("title").text(), Some("VirtualHostRequests"));
    assert_eq!(
        child("category").attribute("term"),
        Some("apimgmtconfiguration.VirtualHostRequest")
    );
    assert_eq!(child("link").attribute("rel"), Some("edit"));
    assert!(child("updated").text().is_some_and(|t| t.ends_with('Z')));

    let properties = atom_properties(&doc);
    let names: Vec<String> = properties
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name().to_owned())
        .collect();
    assert_eq!(
        names,
        sample_atom_property_names(),
        "property names and order of SAP's sample"
    );
    for node in properties.children().filter(|n| n.is_element()) {
        assert_eq!(node.tag_name().namespace(), Some(NS_D));
    }
    let id = atom_prop(properties, "id").text().expect("id").to_owned();
    assert!(child("id")
        .text()
        .is_some_and(|t| t.ends_with(&format!("VirtualHostRequests('{id}')"))));
    assert_eq!(
        atom_prop(properties, "allocationStatus").text(),
        Some("COMPLETE")
    );
    assert_eq!(atom_prop(properties, "allocatedPort").text(), Some("443"));
    assert_eq!(
        atom_prop(properties, "virtualHostUrl").text(),
        Some(full_host("atom-api").as_str())
    );
    for null in ["trustStore", "keyStoreName", "keyStoreAlias", "lbHost"] {
        assert!(is_null(atom_prop(properties, null)), "{null} m:null");
    }
    assert!(!is_null(atom_prop(properties, "clusterName")));
    let life_cycle = atom_prop(properties, "life_cycle");
    assert_eq!(
        life_cycle.attribute((NS_M, "type")),
        Some("apimgmtconfiguration.History")
    );
    let created_at = atom_prop(life_cycle, "created_at")
        .text()
        .expect("created_at");
    assert!(is_atom_datetime(created_at), "{created_at}");
}

#[tokio::test]
async fn delete_answers_like_the_atom_sample_and_takes_effect_at_once() {
    let app = app();
    let id = seeded_host_id(Some("sandbox"));
    let reply = post(VH_REQUESTS)
        .sap()
        .json(&json!({"virtualHostId": id, "operation": "DELETE"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let text = reply.text();
    let doc = roxmltree::Document::parse(&text).expect("well-formed entry");
    let properties = atom_properties(&doc);
    assert_eq!(atom_prop(properties, "operation").text(), Some("DELETE"));
    assert_eq!(atom_prop(properties, "allocatedPort").text(), Some("0"));
    assert_eq!(
        atom_prop(properties, "virtualHostId").text(),
        Some(id.as_str())
    );
    for null in [
        "allocationStatus",
        "virtualHostUrl",
        "lbHost",
        "trustStore",
        "keyStoreName",
        "keyStoreAlias",
    ] {
        assert!(is_null(atom_prop(properties, null)), "{null} m:null");
    }
    for flag in [
        "isClientAuthEnabled",
        "isDefaultVirtualHostRequest",
        "isForCustomDomain",
        "isForNonSni",
        "isTLS",
    ] {
        assert_eq!(atom_prop(properties, flag).text(), Some("false"), "{flag}");
    }
    assert!(virtual_hosts(&app)
        .await
        .iter()
        .all(|h| h["id"] != id.as_str()));

    // Deleted already: the tenant's answer, word for word.
    let reply = post(VH_REQUESTS)
        .sap()
        .accept_json()
        .json(&json!({"virtualHostId": id, "operation": "DELETE"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let sample = fixture("sap/virtualhostrequests-unknown-id-400.tenant.json")
        .replace("79b619fc-0000-4000-8000-000000000002", &id);
    assert_eq!(
        reply.json(),
        serde_json::from_str::<Value>(&sample).expect("json")
    );
}

#[tokio::test]
async fn delete_answers_json_with_nulls_when_asked() {
    let app = app();
    let id = seeded_host_id(Some("sandbox"));
    let reply = post(VH_REQUESTS)
        .sap()
        .accept_json()
        .json(&json!({"virtualHostId": id, "operation": "DELETE"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let d = reply.json()["d"].clone();
    assert_same_shape(
        &d,
        &fixture_json("sap/virtualhostrequests-create-201.docs.json")["d"],
        "delete JSON",
    );
    assert_eq!(d["allocatedPort"], 0);
    assert_eq!(d["allocationStatus"], Value::Null);
    assert_eq!(d["virtualHostUrl"], Value::Null);
    assert_eq!(d["lbHost"], Value::Null);
    assert_eq!(d["accountId"], demo::SAP_SUBACCOUNT);
}

#[tokio::test]
async fn update_keeps_what_is_not_sent_and_switching_client_auth_off_clears_the_truststore() {
    let app = app();
    let id = seeded_host_id(Some("prod-apis"));
    let update = |body: Value| post(VH_REQUESTS).sap().accept_json().json(&body);

    let reply = update(json!({"accountId":"demo-subaccount","virtualHostUrl":"prod-apis-v2","isDefaultVirtualHostRequest":false,"virtualHostId":id,"operation":"UPDATE"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let d = reply.json()["d"].clone();
    assert_same_shape(
        &d,
        &fixture_json("sap/virtualhostrequests-update-201.docs.json")["d"],
        "update",
    );
    assert_eq!(d["operation"], "UPDATE");
    assert_eq!(d["virtualHostId"], id.as_str());
    assert_eq!(d["virtualHostUrl"], full_host("prod-apis-v2"));
    assert_eq!(d["allocationStatus"], "COMPLETE");
    assert_eq!(d["isClientAuthEnabled"], true, "mutual TLS kept");
    assert_eq!(d["trustStore"], "ref://partner-truststore-ref");

    let host = |hosts: Vec<Value>| {
        hosts
            .into_iter()
            .find(|h| h["id"] == id.as_str())
            .expect("host")
    };
    let listed = host(virtual_hosts(&app).await);
    assert_eq!(listed["virtual_host"], full_host("prod-apis-v2"));
    assert_eq!(listed["isClientAuthEnabled"], true);
    assert_eq!(listed["trustStore"], "ref://partner-truststore-ref");

    let reply =
        update(json!({"virtualHostId":id,"operation":"UPDATE","isClientAuthEnabled":false}))
            .send(&app)
            .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let listed = host(virtual_hosts(&app).await);
    assert_eq!(listed["isClientAuthEnabled"], false);
    assert_eq!(listed["trustStore"], Value::Null);

    let reply = update(json!({"virtualHostId":id,"operation":"UPDATE","isClientAuthEnabled":true,"trustStore":"legacy-truststore"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let listed = host(virtual_hosts(&app).await);
    assert_eq!(listed["isClientAuthEnabled"], true);
    assert_eq!(listed["trustStore"], "legacy-truststore");
    assert_ne!(
        listed["life_cycle"]["changed_at"],
        listed["life_cycle"]["created_at"]
    );
}

#[tokio::test]
async fn custom_domain_create_answers_its_dns_target() {
    let app = app();
    let reply = post(VH_REQUESTS)
        .sap()
        .accept_json()
        .json(&json!({
            "isForCustomDomain": true,
            "keyStoreName": "ref://demo-keystore-ref",
            "keyStoreAlias": "api-example-com",
            "virtualHostUrl": "api.example.com",
            "operation": "CREATE"
        }))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let d = reply.json()["d"].clone();
    assert_eq!(d["isForCustomDomain"], true);
    assert_eq!(d["virtualHostUrl"], "api.example.com");
    assert_eq!(d["lbHost"], demo::SAP_LB_HOST);
    assert_eq!(d["keyStoreName"], "ref://demo-keystore-ref");
    assert_eq!(d["keyStoreAlias"], "api-example-com");
    let hosts = virtual_hosts(&app).await;
    let listed = hosts
        .iter()
        .find(|h| h["id"] == d["virtualHostId"])
        .expect("listed");
    assert_eq!(listed["isForCustomDomain"], true);
    assert_eq!(listed["virtual_host"], "api.example.com");
    assert_eq!(listed["keyStoreName"], "ref://demo-keystore-ref");
}

#[tokio::test]
async fn every_refusal_has_its_code_and_the_odata_error_shape() {
    let app = app();
    let error_sample = fixture_json("sap/virtualhostrequests-unknown-id-400.tenant.json");
    let default_id = seeded_host_id(None);
    let used_id = seeded_host_id(Some("partner-api"));
    let long = "a".repeat(64);
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"operation":"CREATE","virtualHostUrl":long}),
            "VHR_VIRTUALHOST_ALIAS_LENGTH_GREATER_THAN_63_CHARS",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"bad_alias"}),
            "VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"-leading"}),
            "VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"trailing-"}),
            "VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"has.dot"}),
            "VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"prod-apis"}),
            "VHR_VIRTUALHOST_ALIAS_ALREADY_EXISTS",
        ),
        (
            json!({"operation":"CREATE"}),
            "VHR_VIRTUALHOST_ALIAS_MISSING",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"mtls","isClientAuthEnabled":true}),
            "VHR_VIRTUALHOST_TRUST_STORE_MISSING",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"mtls","isClientAuthEnabled":true,"trustStore":"no-such-store"}),
            "VIRTUAL_HOST_CREATE_ERROR",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"mtls","isClientAuthEnabled":true,"trustStore":"ref://no-such-ref"}),
            "VIRTUAL_HOST_CREATE_ERROR",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"mtls","isClientAuthEnabled":true,"trustStore":"ref://demo-keystore-ref"}),
            "VIRTUAL_HOST_CREATE_ERROR",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"mtls","isClientAuthEnabled":true,"trustStore":"demo-keystore"}),
            "VIRTUAL_HOST_CREATE_ERROR",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"ks","keyStore":"no-such-keystore"}),
            "VIRTUAL_HOST_CREATE_ERROR",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"api.example.com","isForCustomDomain":true,"keyStoreAlias":"a"}),
            "VHR_VIRTUALHOST_KEY_STORE_MISSING",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"api.example.com","isForCustomDomain":true,"keyStoreName":"demo-keystore"}),
            "VHR_VIRTUALHOST_KEY_STORE_ALIAS_MISSING",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"api_x.example.com","isForCustomDomain":true,"keyStoreName":"demo-keystore","keyStoreAlias":"a"}),
            "VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID",
        ),
        (
            json!({"operation":"UPDATE","virtualHostUrl":"x"}),
            "VHR_VIRTUALHOST_ID_MISSING",
        ),
        (json!({"operation":"DELETE"}), "VHR_VIRTUALHOST_ID_MISSING"),
        (
            json!({"operation":"UPDATE","virtualHostId":"00000000-0000-4000-8000-000000000000"}),
            "VHR_NO_COMPLETED_RECORD_FOUND",
        ),
        (
            json!({"operation":"DELETE","virtualHostId":default_id}),
            "VHR_DEFAULT_VIRTUALHOST_DELETION_NOT_ALLOWED",
        ),
        (
            json!({"operation":"DELETE","virtualHostId":used_id}),
            "VHR_VIRTUALHOST_REFERENCED_BY_API_PROXY",
        ),
        (
            json!({"operation":"REPLACE","virtualHostUrl":"x"}),
            "VHR_INVALID_OPERATION",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"x","isClientAuthEnabled":"true"}),
            "VHR_INVALID_REQUEST_PAYLOAD",
        ),
        (
            json!({"operation":"CREATE","virtualHostUrl":"x","truststore":"typo"}),
            "VHR_INVALID_REQUEST_PAYLOAD",
        ),
    ];
    for (body, code) in cases {
        let reply = post(VH_REQUESTS)
            .sap()
            .accept_json()
            .json(&body)
            .send(&app)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            reply.header("content-type"),
            "application/json;charset=utf-8"
        );
        let error = reply.json();
        assert_same_shape(&error, &error_sample, "error body");
        assert_same_shape(&error["error"], &error_sample["error"], "error");
        assert_same_shape(
            &error["error"]["message"],
            &error_sample["error"]["message"],
            "message",
        );
        assert_eq!(error["error"]["code"], code, "{body}");
        assert_eq!(error["error"]["message"]["lang"], "en");
        assert!(!error["error"]["message"]["value"]
            .as_str()
            .unwrap_or("")
            .is_empty());
    }
    let reply = post(VH_REQUESTS)
        .sap()
        .accept_json()
        .raw("{\"operation\":", "application/json")
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["code"], "VHR_INVALID_REQUEST_PAYLOAD");
    // The format message names the rule as the tenant does.
    let reply = post(VH_REQUESTS)
        .sap()
        .accept_json()
        .json(&json!({"operation":"CREATE","virtualHostUrl":"a b"}))
        .send(&app)
        .await;
    assert!(reply.json()["error"]["message"]["value"]
        .as_str()
        .is_some_and(|m| m.contains("only Alphanumerics and hyphens")));
    // Nothing changed.
    assert_eq!(
        virtual_hosts(&app).await.len(),
        demo::SAP_VIRTUAL_HOSTS.len()
    );
}

#[tokio::test]
async fn refusals_are_odata_xml_without_a_json_accept() {
    let app = app();
    let reply = post(VH_REQUESTS)
        .sap()
        .header("accept", "application/atom+xml")
        .json(&json!({"operation":"DELETE","virtualHostId":"nope"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.header("content-type"),
        "application/xml;charset=utf-8"
    );
    let text = reply.text();
    let doc = roxmltree::Document::parse(&text).expect("well-formed error");
    let root = doc.root_element();
    assert!(root.has_tag_name((NS_M, "error")));
    let code = root
        .children()
        .find(|n| n.has_tag_name((NS_M, "code")))
        .expect("code");
    assert_eq!(code.text(), Some("VHR_NO_COMPLETED_RECORD_FOUND"));
    let message = root
        .children()
        .find(|n| n.has_tag_name((NS_M, "message")))
        .expect("message");
    assert_eq!(
        message.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
    assert_eq!(
        message.text(),
        Some("Could not locate previous status for the virtual host id nope.")
    );
}

#[tokio::test]
async fn missing_wrong_and_expired_tokens_are_refused_with_401() {
    let app = app();
    let expired = portal_server::sap::token::expired_token();
    let endpoints = [
        (Method::GET, VIRTUAL_HOSTS.to_owned()),
        (
            Method::GET,
            "/apiportal/api/1.0/Management.svc/CertificateStores".to_owned(),
        ),
        (
            Method::GET,
            "/apiportal/api/1.0/Management.svc/CertificateStoreReferences".to_owned(),
        ),
        (Method::POST, VH_REQUESTS.to_owned()),
    ];
    for (method, path) in endpoints {
        let body = json!({"operation":"CREATE","virtualHostUrl":"never"});
        let missing = call(method.clone(), &path).json(&body).send(&app).await;
        assert_eq!(missing.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(missing.header("www-authenticate"), "Bearer");
        assert!(missing.json()["error"].is_string());
        let wrong = call(method.clone(), &path)
            .bearer("not-a-token")
            .json(&body)
            .send(&app)
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(wrong
            .header("www-authenticate")
            .starts_with("Bearer error=\"invalid_token\""));
        let old = call(method.clone(), &path)
            .bearer(&expired)
            .json(&body)
            .send(&app)
            .await;
        assert_eq!(old.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(old.json()["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("expired")));
        let basic = call(method, &path)
            .header("authorization", "Basic Zm9vOmJhcg==")
            .send(&app)
            .await;
        assert_eq!(basic.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(
        virtual_hosts(&app).await.len(),
        demo::SAP_VIRTUAL_HOSTS.len()
    );
}

fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

fn claims(token: &str) -> Value {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "JWT-shaped");
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).expect("b64")).expect("json");
    assert_eq!(header, json!({"alg":"RS256","typ":"JWT"}));
    URL_SAFE_NO_PAD
        .decode(parts[2])
        .expect("signature is base64url");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json")
}

#[tokio::test]
async fn token_endpoint_answers_like_the_recorded_xsuaa() {
    let app = app();
    let reply = post("/oauth/token?grant_type=client_credentials")
        .header(
            "authorization",
            &basic(demo::SAP_CLIENT_ID, demo::SAP_CLIENT_SECRET),
        )
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=UTF-8"
    );
    assert_eq!(reply.header("cache-control"), "no-store");
    let body = reply.json();
    let recorded = fixture_json("sap/xsuaa-token-200.recorded.json");
    assert_same_shape(&body, &recorded, "token response");
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 43199);
    assert!(body["scope"]
        .as_str()
        .is_some_and(|s| s.contains(' ') && s.contains("uaa.resource")));
    assert_eq!(body["jti"].as_str().map(str::len), Some(32));

    let token = body["access_token"].as_str().expect("token").to_owned();
    let claims = claims(&token);
    let recorded_claims = self::claims_of_recorded(&recorded);
    for key in [
        "jti",
        "sub",
        "client_id",
        "cid",
        "azp",
        "grant_type",
        "scope",
        "iat",
        "exp",
        "iss",
        "zid",
        "aud",
        "ext_attr",
    ] {
        assert!(claims.get(key).is_some(), "claim {key}");
        assert_eq!(
            kind(&claims[key]),
            kind(&recorded_claims[key]),
            "claim {key}"
        );
    }
    assert_eq!(claims["client_id"], demo::SAP_CLIENT_ID);
    assert_eq!(claims["grant_type"], "client_credentials");
    assert_eq!(claims["jti"], body["jti"]);
    let lifetime = claims["exp"].as_u64().unwrap_or(0) - claims["iat"].as_u64().unwrap_or(0);
    assert_eq!(lifetime, 43200);
    assert_eq!(
        claims["scope"].as_array().map(|s| s
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" ")),
        body["scope"].as_str().map(str::to_owned)
    );

    // The issued token opens the API.
    let reply = get(VIRTUAL_HOSTS)
        .bearer(&token)
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

fn claims_of_recorded(recorded: &Value) -> Value {
    let token = recorded["access_token"].as_str().expect("token");
    let payload = token.split('.').nth(1).expect("payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("b64")).expect("json")
}

#[tokio::test]
async fn token_endpoint_reads_grant_and_credentials_from_a_form_body() {
    let app = app();
    let reply = post("/oauth/token")
        .header(
            "authorization",
            &basic(demo::SAP_CLIENT_ID, demo::SAP_CLIENT_SECRET),
        )
        .raw(
            "grant_type=client_credentials&response_type=token",
            "application/x-www-form-urlencoded",
        )
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        form_encode(demo::SAP_CLIENT_ID),
        demo::SAP_CLIENT_SECRET
    );
    let reply = post("/oauth/token")
        .raw(&form, "application/x-www-form-urlencoded")
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[tokio::test]
async fn token_endpoint_refuses_bad_credentials_and_other_grants() {
    let app = app();
    for authorization in [
        basic(demo::SAP_CLIENT_ID, "wrong"),
        basic("someone-else", demo::SAP_CLIENT_SECRET),
    ] {
        let reply = post("/oauth/token?grant_type=client_credentials")
            .header("authorization", &authorization)
            .send(&app)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            reply.json(),
            json!({"error":"unauthorized","error_description":"Bad credentials"})
        );
    }
    let reply = post("/oauth/token?grant_type=client_credentials")
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    let reply = post("/oauth/token?grant_type=password")
        .header(
            "authorization",
            &basic(demo::SAP_CLIENT_ID, demo::SAP_CLIENT_SECRET),
        )
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "unsupported_grant_type");
    assert!(reply.json()["error_description"].is_string());
}

#[tokio::test]
async fn an_issued_token_is_refused_once_expired() {
    let config = Config {
        sap_token_lifetime_secs: 0,
        ..Config::demo(missing_dist())
    };
    let app = portal_server::router(&config);
    let reply = post("/oauth/token?grant_type=client_credentials")
        .header(
            "authorization",
            &basic(demo::SAP_CLIENT_ID, demo::SAP_CLIENT_SECRET),
        )
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let token = reply.json()["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let reply = get(VIRTUAL_HOSTS)
        .bearer(&token)
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.header("www-authenticate").contains("invalid_token"));
}

#[tokio::test]
async fn unknown_sap_paths_are_odata_404s() {
    let app = app();
    let reply = get("/apiportal/api/1.0/Management.svc/NoSuchSet")
        .sap()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.json()["error"]["code"].is_string());
    let reply = get("/apiportal/no-such-service").send(&app).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(!reply.text().contains("<!DOCTYPE html>"));
    let reply = get("/apiportal/operations/1.0/Configuration.svc/$metadata")
        .sap()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}
