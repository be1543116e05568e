package io.hsdest.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Requests a hostile or broken client sends, as raw bytes: malformed request lines, bad, duplicate and
 * conflicting headers, oversized lines, headers and bodies, bad gzip, bad chunking, pipelined garbage,
 * half-closed sockets, HTTP/1.0 and 0.9, absurd methods, invalid UTF-8, NUL bytes. Each kind says how
 * many answers it expects and whether the server may rightly close without one (a request cut off by
 * the client's own half-close can never be answered).
 */
final class HostileRequests {
  /** One kind of request; {@code answers} is how many answers a pipelined request expects. */
  record Kind(String name, byte[] bytes, boolean halfClose, int answers, boolean mayCloseSilently) {
    Kind(String name, byte[] bytes) {
      this(name, bytes, false, 1, false);
    }
  }

  /** The hostile traffic goes to a dry-run destination, so valid messages among it are answered at once. */
  static final String WRITE_KEY = "wk-hostile-dry-run";
  static final String AUTH = "Authorization: Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes()) + "\r\n";
  /** Stands for a user number in the requests, so that each request may be about its own user (see {@link #forUser}). */
  static final String USER = "~~~~~~";
  static final String IDENTIFY = "{\"type\":\"identify\",\"userId\":\"hostile-" + USER + "\",\"traits\":{\"email\":\""
      + "hostile-" + USER + "@example.com\"}}";

  private HostileRequests() {}

  /**
   * The request about user {@code n}: messages about one user are delivered in order, one after the other,
   * so thousands of requests about the same user would only test the queue. Lengths do not change.
   */
  static byte[] forUser(byte[] request, int n) {
    byte[] marker = ascii(USER);
    byte[] digits = ascii(String.format("%06d", n % 1_000_000));
    byte[] out = request.clone();
    for (int i = 0; i + marker.length <= out.length; i++) {
      if (out[i] == '~' && java.util.Arrays.equals(out, i, i + marker.length, marker, 0, marker.length)) {
        System.arraycopy(digits, 0, out, i, digits.length);
        i += marker.length - 1;
      }
    }
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  /** A request with a correct Content-Length for the body. */
  static byte[] post(String path, String extraHeaders, byte[] body) {
    return concat(ascii("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "Content-Length: " + body.length
        + "\r\n\r\n"), body);
  }

  static byte[] post(String path, String extraHeaders, String body) {
    return post(path, extraHeaders, body.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(data);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Kind> all() {
    List<Kind> k = new ArrayList<>();
    String ok = "POST /v1/identify HTTP/1.1\r\nHost: localhost\r\n" + AUTH;
    String json = IDENTIFY;
    int n = json.length();

    // request lines
    k.add(new Kind("garbage line", ascii("GARBAGE\r\n\r\n")));
    k.add(new Kind("method only", ascii("GET\r\n\r\n")));
    k.add(new Kind("unknown HTTP version", ascii("GET /health HTTP/9.9\r\nHost: x\r\n\r\n")));
    k.add(new Kind("not HTTP", ascii("GET /health FOO/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("HTTP/0.9", ascii("GET /health\r\n\r\n")));
    k.add(new Kind("binary line", new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, '\r', '\n', '\r', '\n'}));
    k.add(new Kind("NUL in method", ascii("GE\0T /health HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("NUL in path", ascii("GET /hea\0lth HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("control chars in path", ascii("GET /v1/\u0001\u0007batch HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("space in path", ascii("GET /v1/ba tch HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("bad percent-encoding", ascii("POST /v1/%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")));
    k.add(new Kind("bad percent-encoding in query", ascii("GET /snippet.js?writeKey=%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("overlong UTF-8 dot-dot", ascii("GET /%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("dot-dot path", ascii("GET /v1/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("invalid UTF-8 in path", concat(ascii("GET /v1/"), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3}, ascii(" HTTP/1.1\r\nHost: x\r\n\r\n"))));
    k.add(new Kind("absolute-form URI", post("http://evil.example/v1/identify", AUTH, json)));
    k.add(new Kind("asterisk URI", ascii("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("empty URI", ascii("GET  HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("URI 9 KB", ascii("GET /" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("URI 100 KB", ascii("GET /v1/batch?q=" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("query of 5,000 parameters", ascii("GET /snippet.js?" + "a=1&".repeat(1_500) + " HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("lowercase method", ascii("post /v1/identify HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")));
    byte[] batch = post("/v1/batch", AUTH, "{\"batch\":[" + json + "]}");
    for (String m : List.of("FOOBAR", "DELETE", "PATCH", "PUT", "TRACE", "PROPFIND", "BREW", "X".repeat(200))) {
      byte[] withMethod = concat(ascii(m), java.util.Arrays.copyOfRange(batch, "POST".length(), batch.length));
      k.add(new Kind("method " + (m.length() > 10 ? "of 200 letters" : m), withMethod));
    }
    k.add(new Kind("CONNECT", ascii("CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n")));
    k.add(new Kind("GET on the batch path", ascii("GET /v1/batch HTTP/1.1\r\nHost: x\r\n\r\n")));
    k.add(new Kind("HEAD on health", ascii("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n"), false, 1, false));
    k.add(new Kind("POST on health", post("/health", "", "{}")));
    k.add(new Kind("unknown path", post("/v2/batch", AUTH, json)));
    k.add(new Kind("leading empty lines", concat(ascii("\r\n\r\n"), post("/v1/identify", AUTH, json))));

    // HTTP/1.0
    k.add(new Kind("HTTP/1.0 identify", concat(ascii("POST /v1/identify HTTP/1.0\r\n" + AUTH + "Content-Length: " + n + "\r\n\r\n"), ascii(json))));
    k.add(new Kind("HTTP/1.0 keep-alive", concat(ascii("POST /v1/identify HTTP/1.0\r\nConnection: keep-alive\r\n" + AUTH
        + "Content-Length: " + n + "\r\n\r\n"), ascii(json))));
    k.add(new Kind("HTTP/1.0 without length", concat(ascii("POST /v1/identify HTTP/1.0\r\n" + AUTH + "\r\n"), ascii(json)), true, 1, false));
    k.add(new Kind("HTTP/1.0 chunked", ascii("POST /v1/identify HTTP/1.0\r\n" + AUTH + "Transfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(n) + "\r\n" + json + "\r\n0\r\n\r\n")));

    // headers
    k.add(new Kind("header without colon", ascii(ok + "NoColonHere\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("space before colon", ascii(ok + "Content-Length : " + n + "\r\n\r\n" + json)));
    k.add(new Kind("folded header", ascii(ok + "X-Folded: a\r\n b\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("NUL in header name", ascii(ok + "X-A\0: b\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("NUL in header value", ascii(ok + "X-A: b\0c\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("space in header name", ascii(ok + "X A: b\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("bare CR in header", ascii(ok + "X-A: b\rc\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("bare LF line endings", ascii("POST /v1/identify HTTP/1.1\nHost: x\n" + AUTH.replace("\r\n", "\n") + "Content-Length: " + n + "\n\n" + json)));
    k.add(new Kind("invalid UTF-8 in header", concat(ascii(ok + "X-A: "), new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff},
        ascii("\r\nContent-Length: " + n + "\r\n\r\n" + json))));
    k.add(new Kind("header of 9 KB", ascii(ok + "X-Big: " + "b".repeat(9_000) + "\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("header of 100 KB", ascii(ok + "X-Big: " + "b".repeat(100_000) + "\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("1,000 headers", ascii(ok + "X-H: v\r\n".repeat(1_000) + "Content-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("no Host on HTTP/1.1", ascii("POST /v1/identify HTTP/1.1\r\n" + AUTH + "Content-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("two Hosts", ascii(ok + "Host: other\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("Host with garbage", ascii("POST /v1/identify HTTP/1.1\r\nHost: a b/c@d:99999\r\n" + AUTH + "Content-Length: " + n
        + "\r\n\r\n" + json)));
    k.add(new Kind("two equal Content-Lengths", ascii(ok + "Content-Length: " + n + "\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("two different Content-Lengths", ascii(ok + "Content-Length: " + n + "\r\nContent-Length: " + (n + 5) + "\r\n\r\n" + json)));
    k.add(new Kind("Content-Length list", ascii(ok + "Content-Length: " + n + ", " + (n + 1) + "\r\n\r\n" + json)));
    k.add(new Kind("negative Content-Length", ascii(ok + "Content-Length: -5\r\n\r\n" + json)));
    k.add(new Kind("Content-Length not a number", ascii(ok + "Content-Length: abc\r\n\r\n" + json)));
    k.add(new Kind("Content-Length with plus sign", ascii(ok + "Content-Length: +" + n + "\r\n\r\n" + json)));
    k.add(new Kind("Content-Length in hex", ascii(ok + "Content-Length: 0x" + Integer.toHexString(n) + "\r\n\r\n" + json)));
    k.add(new Kind("Content-Length of 20 digits", ascii(ok + "Content-Length: 99999999999999999999\r\n\r\n" + json)));
    k.add(new Kind("Content-Length over the limit", ascii(ok + "Content-Length: 600000\r\n\r\n" + json)));
    k.add(new Kind("Content-Length and chunked", ascii(ok + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(n) + "\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("chunked and Content-Length", ascii(ok + "Transfer-Encoding: chunked\r\nContent-Length: " + n + "\r\n\r\n"
        + Integer.toHexString(n) + "\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("Transfer-Encoding gzip, chunked", ascii(ok + "Transfer-Encoding: gzip, chunked\r\n\r\n"
        + Integer.toHexString(n) + "\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("Transfer-Encoding chunked twice", ascii(ok + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(n) + "\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("Transfer-Encoding xchunked", ascii(ok + "Transfer-Encoding: xchunked\r\n\r\n" + Integer.toHexString(n) + "\r\n"
        + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("Transfer-Encoding identity", ascii(ok + "Transfer-Encoding: identity\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("Transfer-Encoding with space", ascii(ok + "Transfer-Encoding : chunked\r\n\r\n" + Integer.toHexString(n) + "\r\n"
        + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("Authorization not base64", ascii(ok.replace(AUTH, "Authorization: Basic !!!notbase64\r\n")
        + "Content-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("unknown write key", ascii(ok.replace(AUTH, "Authorization: Basic " + Base64.getEncoder().encodeToString("nope:".getBytes())
        + "\r\n") + "Content-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("no write key", post("/v1/identify", "", json)));
    k.add(new Kind("Bearer instead of Basic", post("/v1/identify", "Authorization: Bearer x\r\n", json)));
    k.add(new Kind("Content-Encoding br", post("/v1/identify", AUTH + "Content-Encoding: br\r\n", json)));
    k.add(new Kind("Content-Encoding gzip, not gzip", post("/v1/identify", AUTH + "Content-Encoding: gzip\r\n", json)));
    k.add(new Kind("gzip cut short", post("/v1/identify", AUTH + "Content-Encoding: gzip\r\n",
        java.util.Arrays.copyOf(gzip(json.getBytes(StandardCharsets.UTF_8)), 20))));
    k.add(new Kind("gzip bomb", post("/v1/batch", AUTH + "Content-Encoding: gzip\r\n", gzip(new byte[5_000_000]))));
    k.add(new Kind("gzip of garbage", post("/v1/batch", AUTH + "Content-Encoding: gzip\r\n", gzip(new byte[] {(byte) 0xff, 0, 1, 2}))));
    k.add(new Kind("Expect 100-continue", ascii(ok + "Expect: 100-continue\r\nContent-Length: " + n + "\r\n\r\n" + json), false, 2, false));
    k.add(new Kind("Expect something else", ascii(ok + "Expect: 200-maybe\r\nContent-Length: " + n + "\r\n\r\n" + json)));
    k.add(new Kind("Expect 100 over the limit", ascii(ok + "Expect: 100-continue\r\nContent-Length: 900000\r\n\r\n")));
    k.add(new Kind("WebSocket upgrade", ascii("GET /v1/batch HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")));
    k.add(new Kind("h2c upgrade", ascii("GET /health HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        + "HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")));

    // bodies
    k.add(new Kind("body over 500 KB", post("/v1/batch", AUTH, "{\"batch\":[" + ("{\"type\":\"identify\",\"userId\":\"" + "u".repeat(30_000)
        + "\"},").repeat(18) + json + "]}")));
    k.add(new Kind("message over 32 KB", post("/v1/identify", AUTH, "{\"type\":\"identify\",\"userId\":\"" + "u".repeat(40_000) + "\"}")));
    k.add(new Kind("invalid JSON", post("/v1/identify", AUTH, "{\"type\":")));
    k.add(new Kind("empty body", post("/v1/batch", AUTH, "")));
    k.add(new Kind("invalid UTF-8 in JSON", post("/v1/identify", AUTH, concat(ascii("{\"type\":\"identify\",\"userId\":\""),
        new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xff}, ascii("\"}")))));
    k.add(new Kind("NUL bytes in JSON", post("/v1/identify", AUTH, concat(ascii("{\"type\":\"identify\",\"userId\":\"a"),
        new byte[] {0, 0, 0}, ascii("\"}")))));
    k.add(new Kind("NUL bytes as body", post("/v1/batch", AUTH, new byte[1_000])));
    k.add(new Kind("escaped NUL and lone surrogate", post("/v1/identify", AUTH,
        "{\"type\":\"identify\",\"userId\":\"a\\u0000b\\ud800\",\"traits\":{\"\\u0000\":\"\\udfff\"}}")));
    k.add(new Kind("byte-order mark", post("/v1/identify", AUTH, concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, ascii(json)))));
    k.add(new Kind("UTF-16 body", post("/v1/identify", AUTH, json.getBytes(StandardCharsets.UTF_16))));
    k.add(new Kind("nested 100,000 deep", post("/v1/batch", AUTH, "{\"batch\":[" + "[".repeat(100_000) + "]}")));
    k.add(new Kind("number of 100,000 digits", post("/v1/identify", AUTH, "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"n\":"
        + "9".repeat(100_000) + "}}")));
    k.add(new Kind("duplicate keys", post("/v1/identify", AUTH, "{\"type\":\"identify\",\"type\":\"track\",\"userId\":\"u\"}")));
    k.add(new Kind("batch of numbers", post("/v1/batch", AUTH, "{\"batch\":[1,2,3,null,true]}")));
    k.add(new Kind("write key as a number", post("/v1/batch", "", "{\"writeKey\":12,\"batch\":[" + json + "]}")));
    k.add(new Kind("20,000 empty messages", post("/v1/batch", AUTH, "{\"batch\":[" + "{},".repeat(19_999) + "{}]}")));
    k.add(new Kind("form-encoded body", post("/v1/identify", AUTH + "Content-Type: application/x-www-form-urlencoded\r\n", "a=1&b=2")));
    k.add(new Kind("multipart body", post("/v1/identify", AUTH + "Content-Type: multipart/form-data; boundary=x\r\n",
        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n")));

    // chunking
    String chunkedHead = ok + "Transfer-Encoding: chunked\r\n\r\n";
    k.add(new Kind("chunk size not hex", ascii(chunkedHead + "zz\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("chunk size negative", ascii(chunkedHead + "-5\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("chunk size overflowing", ascii(chunkedHead + "ffffffffffffffffff\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("chunk size over the limit", ascii(chunkedHead + "7fffffff\r\n" + json)));
    k.add(new Kind("chunk longer than its size", ascii(chunkedHead + "5\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("chunk without CRLF", ascii(chunkedHead + Integer.toHexString(n) + "\r\n" + json + "XX0\r\n\r\n")));
    k.add(new Kind("chunk extension with NUL", ascii(chunkedHead + Integer.toHexString(n) + ";ext=\0\r\n" + json + "\r\n0\r\n\r\n")));
    k.add(new Kind("garbage trailer", ascii(chunkedHead + Integer.toHexString(n) + "\r\n" + json + "\r\n0\r\nNoColon\r\n\0\r\n\r\n")));
    k.add(new Kind("chunked body over 500 KB", concat(ascii(chunkedHead), ascii(("2000\r\n" + "a".repeat(0x2000) + "\r\n").repeat(70)),
        ascii("0\r\n\r\n"))));
    k.add(new Kind("chunked without end, half-closed", ascii(chunkedHead + "5\r\nabcde\r\n"), true, 1, true));

    // pipelining and half-closing
    byte[] health = ascii("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    k.add(new Kind("two requests pipelined", concat(post("/v1/identify", AUTH, json), health), false, 2, false));
    k.add(new Kind("request then garbage", concat(health, ascii("GARBAGE\0\0\r\n\r\n")), false, 2, false));
    k.add(new Kind("request, garbage, request", concat(health, ascii("\0\0\0 / HTTP/1.1\r\n\r\n"), health), false, 2, false));
    k.add(new Kind("50 requests pipelined", concat(java.util.Collections.nCopies(50, health).toArray(new byte[0][])), false, 50, false));
    k.add(new Kind("body longer than its length", concat(post("/v1/identify", AUTH, json), ascii("trailing garbage\r\n\r\n")), false, 2, false));
    k.add(new Kind("complete request, half-closed", post("/v1/identify", AUTH, json), true, 1, true));
    k.add(new Kind("headers cut short, half-closed", ascii("POST /v1/identify HTTP/1.1\r\nHost: x\r\nContent-Le"), true, 1, true));
    k.add(new Kind("body cut short, half-closed", ascii(ok + "Content-Length: " + (n + 50) + "\r\n\r\n" + json), true, 1, true));
    k.add(new Kind("nothing, half-closed", new byte[0], true, 1, true));
    return k;
  }
}
