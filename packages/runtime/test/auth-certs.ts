import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A certificate and its key, as files and as PEM. */
export interface Issued {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
  /** `openssl x509 -fingerprint -sha256`'s answer, the oracle for `fingerprint256`. */
  readonly fingerprint256: string;
}

/** A test PKI: a CA, a server certificate and client certificates it signed, and an outsider. */
export interface TestPki {
  /** The CA's certificate: what both ends trust. */
  readonly ca: Buffer;
  /** For `localhost` and 127.0.0.1, server use. */
  readonly server: Issued;
  /** Client certificate `O=rpcgen tests, CN=<name>`, signed by the CA. */
  client(name: string): Issued;
  /** A self-signed client certificate for `CN=alice`: same name, not signed by the CA. */
  readonly impostor: Issued;
}

/**
 * Makes a {@link TestPki} in `dir` with the real openssl binary (EC P-256 keys, valid for a
 * day); callers check for it first with `needs("openssl", ...)` from support/external.ts.
 */
export function makePki(dir: string): TestPki {
  const ca = selfSigned(dir, "ca", "/CN=rpcgen test CA", [
    "basicConstraints=critical,CA:TRUE",
    "keyUsage=critical,keyCertSign",
  ]);
  let serial = 1;
  const issue = (name: string, subject: string, extensions: string): Issued => {
    const keyFile = join(dir, `${name}.key`);
    const csrFile = join(dir, `${name}.csr`);
    const certFile = join(dir, `${name}.pem`);
    const extFile = join(dir, `${name}.ext`);
    writeFileSync(extFile, `${extensions}\n`);
    openssl(
      ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"].concat([
        "-subj",
        subject,
        "-keyout",
        keyFile,
        "-out",
        csrFile,
      ]),
    );
    serial += 1;
    openssl(
      ["x509", "-req", "-in", csrFile, "-CA", ca.certFile, "-CAkey", ca.keyFile].concat([
        "-set_serial",
        String(serial),
        "-days",
        "1",
        "-extfile",
        extFile,
        "-out",
        certFile,
      ]),
    );
    return issued(certFile, keyFile);
  };
  const server = issue(
    "server",
    "/CN=localhost",
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth",
  );
  const clients = new Map<string, Issued>();
  return {
    ca: ca.cert,
    server,
    client(name) {
      let made = clients.get(name);
      if (made === undefined) {
        made = issue(`client-${name}`, `/O=rpcgen tests/CN=${name}`, "extendedKeyUsage=clientAuth");
        clients.set(name, made);
      }
      return made;
    },
    impostor: selfSigned(dir, "impostor", "/O=rpcgen tests/CN=alice", [
      "extendedKeyUsage=clientAuth",
    ]),
  };
}

function selfSigned(dir: string, name: string, subject: string, extensions: string[]): Issued {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  openssl(
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
      .concat(["-subj", subject, "-days", "1", "-keyout", keyFile, "-out", certFile])
      .concat(extensions.flatMap((e) => ["-addext", e])),
  );
  return issued(certFile, keyFile);
}

function issued(certFile: string, keyFile: string): Issued {
  const printed = openssl(["x509", "-in", certFile, "-noout", "-fingerprint", "-sha256"]);
  const fingerprint256 = /Fingerprint=([0-9A-F:]+)/i.exec(printed)?.[1];
  if (fingerprint256 === undefined) throw new Error(`no fingerprint in: ${printed}`);
  return {
    certFile,
    keyFile,
    cert: readFileSync(certFile),
    key: readFileSync(keyFile),
    fingerprint256: fingerprint256.toUpperCase(),
  };
}

function openssl(args: string[]): string {
  const run = spawnSync("openssl", args, { encoding: "utf8" });
  if (run.status !== 0) {
    throw new Error(`openssl ${args[0]} failed: ${run.error?.message ?? run.stderr}`);
  }
  return run.stdout;
}
