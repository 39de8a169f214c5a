/**
 * The client certificate of a connection with mutual TLS, as a handler sees it in
 * `ctx.peerCertificate`. Present only when the server asked for a certificate (`requestCert`)
 * and the TLS layer verified it against the server's `ca`: a certificate the server did not
 * trust never shows up here, so its fields can be taken as proven.
 */
export interface PeerCertificate {
  /** The subject's distinguished name, fields in certificate order: `O=Example, CN=alice`. */
  readonly subject: string;
  /** The subject's common name (`CN`), the field most schemes name a client by. */
  readonly commonName: string | undefined;
  /** The issuer's distinguished name, in the same form as {@link subject}. */
  readonly issuer: string;
  /**
   * SHA-256 of the certificate (DER), as colon-separated uppercase hex (`AB:12:…`), the way
   * `openssl x509 -fingerprint -sha256` prints it: pin a client by this.
   */
  readonly fingerprint256: string;
  /** The serial number, uppercase hex. */
  readonly serialNumber: string;
  /** Subject alternative names as Node reports them (`DNS:a.example, IP Address:10.0.0.1`). */
  readonly subjectAltName: string | undefined;
  /** Not valid before, as the certificate says it (`Jan  1 00:00:00 2030 GMT`). */
  readonly validFrom: string;
  /** Not valid after, in the same form. */
  readonly validTo: string;
}

/** The fields of Node's `tls.PeerCertificate` this reads; plain data, no Node import. */
export interface X509Fields {
  readonly subject?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly issuer?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly fingerprint256?: string;
  readonly serialNumber?: string;
  readonly subjectaltname?: string;
  readonly valid_from?: string;
  readonly valid_to?: string;
}

/** The part of a `tls.TLSSocket` that {@link verifiedPeerCertificate} reads. */
export interface TlsSocketLike {
  /** True when the peer's certificate was verified against the trusted CAs. */
  readonly authorized?: boolean;
  getPeerCertificate?(detailed?: boolean): X509Fields | null | undefined;
}

/**
 * The verified client certificate of a server-side socket, or undefined: for a plain socket,
 * a TLS socket whose peer sent no certificate, or one whose certificate failed verification
 * (possible with `rejectUnauthorized: false`). For transport authors: TCP, WebSocket and HTTP
 * call it on each accepted connection.
 */
export function verifiedPeerCertificate(socket: TlsSocketLike): PeerCertificate | undefined {
  if (socket.authorized !== true || typeof socket.getPeerCertificate !== "function") {
    return undefined;
  }
  const fields = socket.getPeerCertificate(false);
  // Node returns an empty object when the peer sent no certificate.
  if (fields === null || fields === undefined || fields.fingerprint256 === undefined) {
    return undefined;
  }
  return {
    subject: distinguishedName(fields.subject),
    commonName: firstValue(fields.subject?.CN),
    issuer: distinguishedName(fields.issuer),
    fingerprint256: fields.fingerprint256,
    serialNumber: fields.serialNumber ?? "",
    subjectAltName: fields.subjectaltname,
    validFrom: fields.valid_from ?? "",
    validTo: fields.valid_to ?? "",
  };
}

function distinguishedName(
  name: Readonly<Record<string, string | readonly string[] | undefined>> | undefined,
): string {
  if (name === undefined) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(name)) {
    if (value === undefined) continue;
    for (const one of typeof value === "string" ? [value] : value) {
      parts.push(`${key}=${escapeValue(one)}`);
    }
  }
  return parts.join(", ");
}

/** Escapes what would make the name ambiguous (RFC 4514 special characters). */
function escapeValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`);
}

function firstValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === "string" ? value : value?.[0];
}
