//! The truststore audit's reads of `Management.svc` (virtual hosts, store references, a store's
//! certificates), parsed by the `audit` crate. The self-service connection reads first; on 403
//! the optional API portal administrator connection reads instead.

use audit::odata;

use super::http::{ApiRequest, RawResponse};
use super::problem::Problem;
use super::sap::describe_error;

/// The role of the portal's usual SAP connection.
pub const SELF_SERVICE_ROLE: &str = "APIManagement.SelfService.Administrator";
/// The role documented for certificate store references, asked for on 403.
pub const ADMIN_ROLE: &str = "APIPortal.Administrator";

pub fn virtual_hosts_request() -> ApiRequest {
    ApiRequest::get(odata::VIRTUAL_HOSTS_PATH)
}

pub fn references_request() -> ApiRequest {
    ApiRequest::get(odata::REFERENCES_PATH)
}

pub fn certificates_request(store: &str) -> ApiRequest {
    ApiRequest::get(odata::certificates_path(store))
}

/// Whether the answer is the refusal the administrator connection may overcome.
pub fn is_forbidden(response: &RawResponse) -> bool {
    response.status == 403
}

/// The 403 on a store's certificates in words: which role is missing, and what to do.
pub fn forbidden_store(store: &str, with_admin: bool) -> String {
    if with_admin {
        format!(
            "HTTP 403: the certificates of store {store:?} were refused to the API portal \
             administrator connection too. Its service key needs the {ADMIN_ROLE} role."
        )
    } else {
        format!(
            "HTTP 403: reading the certificates of store {store:?} needs the {ADMIN_ROLE} role; \
             the SAP connection ({SELF_SERVICE_ROLE}) lacks it. Add an API portal administrator \
             connection below."
        )
    }
}

fn success(response: &RawResponse) -> Result<&str, Problem> {
    if response.is_success() {
        Ok(&response.body)
    } else {
        Err(describe_error(response))
    }
}

fn unreadable(response: &RawResponse, what: &str, error: odata::ReadError) -> Problem {
    Problem::answered(
        response.status,
        None,
        format!("The {what} could not be read: {error}."),
    )
}

pub fn parse_virtual_hosts(response: &RawResponse) -> Result<Vec<audit::VirtualHost>, Problem> {
    odata::parse_virtual_hosts(success(response)?)
        .map(|read| read.rows)
        .map_err(|e| unreadable(response, "list of virtual hosts", e))
}

pub fn parse_references(response: &RawResponse) -> Result<Vec<audit::StoreReference>, Problem> {
    odata::parse_references(success(response)?)
        .map(|read| read.rows)
        .map_err(|e| unreadable(response, "list of certificate store references", e))
}

pub fn parse_certificates(response: &RawResponse) -> Result<Vec<audit::StoreCertificate>, Problem> {
    odata::parse_certificates(success(response)?)
        .map(|read| read.rows)
        .map_err(|e| unreadable(response, "store's certificates", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: "application/json".into(),
            body: body.into(),
            upstream_authenticate: None,
        }
    }

    #[test]
    fn store_names_cannot_leave_their_segment() {
        assert_eq!(
            certificates_request("a'b/c").path,
            "/apiportal/api/1.0/Management.svc/CertificateStores('a''b%2Fc')/certificates"
        );
    }

    #[test]
    fn refusals_name_the_missing_role() {
        let refused = answer(
            403,
            r#"{"error":{"code":"FORBIDDEN","message":{"value":"no"}}}"#,
        );
        assert!(is_forbidden(&refused));
        assert!(parse_certificates(&refused).is_err());
        let said = forbidden_store("legacy", false);
        assert!(said.contains(ADMIN_ROLE) && said.contains(SELF_SERVICE_ROLE));
        assert!(forbidden_store("legacy", true).contains("too"));
    }

    #[test]
    fn lists_are_read_and_broken_ones_said() {
        let hosts = answer(
            200,
            r#"{"d":{"results":[{"id":"1","virtual_host":"a.example","isClientAuthEnabled":true,"trustStore":"s"}]}}"#,
        );
        assert_eq!(parse_virtual_hosts(&hosts).map(|h| h.len()), Ok(1));
        let broken = answer(200, "<html>");
        let problem = parse_references(&broken).expect_err("not JSON");
        assert!(
            problem.message.contains("could not be read"),
            "{}",
            problem.message
        );
    }
}
