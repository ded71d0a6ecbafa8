// Certificates for the test control plane, made with the openssl CLI: a CA, the API server's serving
// certificate, client certificates (the admin in system:masters, and restricted users on request) and the
// service-account signing key pair.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  saKey: string;
  saPub: string;
}

export interface ClientCert {
  cert: string;
  key: string;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync("openssl", [...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

function signRequest(
  pki: Pick<Pki, "dir" | "caCert" | "caKey">,
  name: string,
  subject: string,
  extensions: string,
): ClientCert {
  const key = join(pki.dir, `${name}.key`);
  const csr = join(pki.dir, `${name}.csr`);
  const cert = join(pki.dir, `${name}.crt`);
  const ext = join(pki.dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl(
    ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-subj", subject, "-out", csr],
    pki.dir,
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      pki.caCert,
      "-CAkey",
      pki.caKey,
      "-CAcreateserial",
      "-days",
      "2",
      "-sha256",
      "-extfile",
      ext,
      "-out",
      cert,
    ],
    pki.dir,
  );
  return { cert, key };
}

export function createPki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const caCert = join(dir, "ca.crt");
  const caKey = join(dir, "ca.key");
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      caKey,
      "-out",
      caCert,
      "-days",
      "2",
      "-subj",
      "/CN=komposer-test-ca",
    ],
    dir,
  );
  const server = signRequest(
    { dir, caCert, caKey },
    "apiserver",
    "/CN=kube-apiserver",
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc",
      "",
    ].join("\n"),
  );
  const saKey = join(dir, "sa.key");
  const saPub = join(dir, "sa.pub");
  openssl(["genrsa", "-out", saKey, "2048"], dir);
  openssl(["rsa", "-in", saKey, "-pubout", "-out", saPub], dir);
  return { dir, caCert, caKey, serverCert: server.cert, serverKey: server.key, saKey, saPub };
}

/** A client certificate: CN is the user name, each group an O (RBAC sees both). */
export function createClientCert(
  pki: Pick<Pki, "dir" | "caCert" | "caKey">,
  user: string,
  groups: readonly string[] = [],
): ClientCert {
  const subject = `${groups.map((g) => `/O=${g}`).join("")}/CN=${user}`;
  const safe = user.replace(/[^a-zA-Z0-9_.-]/g, "_");
  return signRequest(
    pki,
    `client-${safe}`,
    subject,
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n",
  );
}
