#!/usr/bin/env bash
# Generates the certificates of the demo tenant's truststores (`portal-server --demo`,
# `Management.svc/CertificateStores('<name>')/certificates`) with OpenSSL 3, as the certlint
# fixtures are made (crates/certlint/tests/fixtures/generate.sh). The PEM files are committed and
# compiled into the server (src/sap/certificates.rs); rerun only to change them. The keys are
# thrown away: nothing here can sign anything once the script ends.
#
# The custom domain's server certificate is not made here: the server makes it at start, so that
# it always expires within 30 days of the demo's start.
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
cd "$(dirname "$0")"
OUT=$PWD
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

cat > ca.cnf <<'CNF'
[ ca ]
default_ca = demo_ca
[ demo_ca ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
countryName = optional
organizationName = optional
commonName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ inter ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
: > index.txt
echo 2000 > serial

ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null; }
# ca NAME SUBJECT ISSUER(self|NAME) EXTENSION START END [extra `openssl ca` args]: NAME's
# certificate, self-signed or issued by ISSUER (every certificate, not only CAs).
ca() {
  local name=$1 subj=$2 issuer=$3 ext=$4 start=$5 end=$6
  shift 6
  openssl req -new -config ca.cnf -key "$name.key" -subj "$subj" -out "$name.csr"
  if [ "$issuer" = self ]; then
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$name.key" -in "$name.csr" -out "$name.pem" \
      -startdate "$start" -enddate "$end" -extfile ca.cnf -extensions "$ext" -notext -preserveDN "$@" 2>/dev/null
  else
    openssl ca -batch -config ca.cnf -cert "$issuer.pem" -keyfile "$issuer.key" -in "$name.csr" -out "$name.pem" \
      -startdate "$start" -enddate "$end" -extfile ca.cnf -extensions "$ext" -notext -preserveDN "$@" 2>/dev/null
  fi
  cp "$name.pem" "$OUT/$name.pem"
}

# Each truststore holds a partner's client certificate, its issuing CA and root: SAP's virtual-host
# page asks for "all your client, intermediate, and root certificates" in the truststore.

# partner-truststore: a healthy chain, ECDSA P-256 with SHA-256, the CAs valid for decades.
ec partner-root
ca partner-root "/C=DE/O=Demo Partner/CN=Demo Partner Root CA" self root 20250101000000Z 20450101000000Z
ec partner-issuing
ca partner-issuing "/C=DE/O=Demo Partner/CN=Demo Partner Issuing CA" partner-root inter 20250101000000Z 20400101000000Z
ec partner-client
ca partner-client "/C=DE/O=Demo Partner/CN=orders.demo-partner.example" partner-issuing client 20250101000000Z 20350101000000Z

# legacy-truststore: an RSA root with SHA-256 whose issuing CA is signed with SHA-1, and an older
# SHA-1 root the store lists by its metadata only.
rsa legacy-root
ca legacy-root "/C=DE/O=Legacy Partner/CN=Legacy Partner Root CA" self root 20150101000000Z 20400101000000Z
rsa legacy-issuing
ca legacy-issuing "/C=DE/O=Legacy Partner/CN=Legacy Partner Issuing CA" legacy-root inter 20150101000000Z 20350101000000Z -md sha1
rsa legacy-client
ca legacy-client "/C=DE/O=Legacy Partner/CN=erp.legacy-partner.example" legacy-issuing client 20250101000000Z 20350101000000Z
rsa legacy-root-g0
ca legacy-root-g0 "/C=DE/O=Legacy Partner/CN=Legacy Partner Root CA G0" self root 20090101000000Z 20340101000000Z -md sha1

# retired-ca-truststore: a root that expired on 2025-01-01, and the issuing CA below it.
ec retired-root
ca retired-root "/C=DE/O=Retired Partner/CN=Retired Partner Root CA" self root 20050101000000Z 20250101000000Z
ec retired-issuing
ca retired-issuing "/C=DE/O=Retired Partner/CN=Retired Partner Issuing CA" retired-root inter 20100101000000Z 20350101000000Z
ec retired-client
ca retired-client "/C=DE/O=Retired Partner/CN=b2b.retired-partner.example" retired-issuing client 20250101000000Z 20350101000000Z
