//! The emulated Apinizer console's data: projects with their API proxies and keystores, and the
//! mTLS settings each proxy ended up with (the real API cannot read them back; the demo can).

use serde::Serialize;

use crate::demo_data as demo;

/// A proxy's mTLS settings, with the documented defaults: disabled, no stores, empty protocol list
/// (= all protocols), verifier NOOP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MtlsSettings {
    pub enabled: bool,
    pub key_store_id: Option<String>,
    pub trust_store_id: Option<String>,
    pub supported_protocol_list: Vec<String>,
    pub hostname_verifier_type: String,
}

impl Default for MtlsSettings {
    fn default() -> Self {
        MtlsSettings {
            enabled: false,
            key_store_id: None,
            trust_store_id: None,
            supported_protocol_list: Vec::new(),
            hostname_verifier_type: "NOOP".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub environment_name: String,
    pub deployed: bool,
    pub redeploy_required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    pub name: String,
    pub description: String,
    pub relative_path: String,
    pub backend: String,
    pub deployments: Vec<Deployment>,
    pub mtls: MtlsSettings,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keystore {
    pub name: String,
    pub description: String,
    /// `(environmentName, type)`, type JKS or PKCS12.
    pub environments: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub name: String,
    pub id: String,
    pub proxies: Vec<Proxy>,
    pub keystores: Vec<Keystore>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApinizerData {
    pub projects: Vec<Project>,
}

impl ApinizerData {
    pub fn seed() -> ApinizerData {
        let projects = demo::APINIZER_PROJECTS
            .iter()
            .map(|p| Project {
                name: p.name.to_owned(),
                id: p.id.to_owned(),
                proxies: p
                    .proxies
                    .iter()
                    .map(|x| Proxy {
                        name: x.name.to_owned(),
                        description: x.description.to_owned(),
                        relative_path: x.relative_path.to_owned(),
                        backend: x.backend.to_owned(),
                        deployments: x
                            .deployments
                            .iter()
                            .map(|(env, deployed)| Deployment {
                                environment_name: (*env).to_owned(),
                                deployed: *deployed,
                                redeploy_required: false,
                            })
                            .collect(),
                        mtls: MtlsSettings::default(),
                    })
                    .collect(),
                keystores: p
                    .keystores
                    .iter()
                    .map(|k| Keystore {
                        name: k.name.to_owned(),
                        description: k.description.to_owned(),
                        environments: k
                            .environments
                            .iter()
                            .map(|(env, kind)| ((*env).to_owned(), (*kind).to_owned()))
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        ApinizerData { projects }
    }

    pub fn project(&self, name: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.name == name)
    }

    pub fn project_mut(&mut self, name: &str) -> Option<&mut Project> {
        self.projects.iter_mut().find(|p| p.name == name)
    }
}

/// `GET …/apiProxies/{name}/`: the documented fields, no mTLS block. The shapes of `clientRoute`
/// and `routing` are not documented in detail: ours are a plausible minimum.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProxyView<'a> {
    name: &'a str,
    description: &'a str,
    api_type: &'static str,
    client_route: serde_json::Value,
    routing: serde_json::Value,
    deployment_list: &'a [Deployment],
}

impl Proxy {
    pub fn view(&self) -> ProxyView<'_> {
        ProxyView {
            name: &self.name,
            description: &self.description,
            api_type: "REST",
            client_route: serde_json::json!({
                "relativePathList": [self.relative_path],
                "hostList": [],
            }),
            routing: serde_json::json!({
                "loadBalancerAlgorithm": "ROUND_ROBIN",
                "routingAddressList": [{ "address": self.backend, "weight": 100 }],
            }),
            deployment_list: &self.deployments,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeystoreEnvironmentView<'a> {
    environment_name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// `GET …/keystores/` entry as the 2025 docs show it, without the key material (`file`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeystoreView<'a> {
    name: &'a str,
    description: &'a str,
    project_id: &'a str,
    key_store_environment_list: Vec<KeystoreEnvironmentView<'a>>,
}

impl Keystore {
    pub fn view<'a>(&'a self, project_id: &'a str) -> KeystoreView<'a> {
        KeystoreView {
            name: &self.name,
            description: &self.description,
            project_id,
            key_store_environment_list: self
                .environments
                .iter()
                .map(|(env, kind)| KeystoreEnvironmentView {
                    environment_name: env,
                    kind,
                })
                .collect(),
        }
    }
}
