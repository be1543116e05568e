package io.hsdest.ingest;

import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The request body as bytes: gunzipped when {@code Content-Encoding: gzip} says so (or the bytes
 * start with gzip's magic number), never more than 500 KB after decompression. The content type is
 * ignored: every body is read as JSON, as Segment's own API does.
 */
final class RequestBodies {
  static final int MAX_REQUEST_BYTES = 500 * 1024;

  private RequestBodies() {}

  static byte[] read(RoutingContext ctx) {
    byte[] raw = ctx.get(RawBody.KEY);
    byte[] bytes = raw == null ? new byte[0] : raw;
    String encoding = ctx.request().getHeader("Content-Encoding");
    boolean gzip = encoding != null && (encoding.trim().equalsIgnoreCase("gzip") || encoding.trim().equalsIgnoreCase("x-gzip"));
    boolean magic = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity") && !encoding.isBlank()) {
      throw new IngestError(415, "UNSUPPORTED_ENCODING", "Content-Encoding \"" + encoding + "\" is not supported; use gzip or none");
    }
    if (gzip || magic) return gunzip(bytes, gzip);
    if (bytes.length > MAX_REQUEST_BYTES) throw tooLarge(bytes.length);
    return bytes;
  }

  private static byte[] gunzip(byte[] bytes, boolean declared) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(MAX_REQUEST_BYTES, bytes.length * 4));
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (out.size() + n > MAX_REQUEST_BYTES) throw tooLarge(out.size() + n);
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (ZipException | java.io.EOFException e) {
      if (!declared) return bytes;
      throw new IngestError(400, "INVALID_GZIP", "the body says Content-Encoding: gzip but is not valid gzip data");
    } catch (IOException e) {
      throw new IngestError(400, "INVALID_GZIP", "the gzip body could not be read: " + e.getMessage());
    }
  }

  static IngestError tooLarge(long size) {
    return new IngestError(413, "REQUEST_TOO_LARGE", "the request is " + (size > MAX_REQUEST_BYTES ? "over " : "")
        + MAX_REQUEST_BYTES + " bytes (500 KB), the most one request may carry; send smaller batches");
  }
}
