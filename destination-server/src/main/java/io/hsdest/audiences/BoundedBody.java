package io.hsdest.audiences;

import io.hsdest.ingest.BoundedBodies;
import io.hsdest.ingest.IngestError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.util.List;

/**
 * Reads an audience request's body as it arrives, at most {@link #MAX_BYTES} (a full snapshot may be large; the
 * ingest paths keep their 500 KB), through {@link BoundedBodies}. The chunks are kept as they came (one copy of the
 * body, never joined), and read back as a stream by the parser on a worker thread.
 */
final class BoundedBody implements Handler<RoutingContext> {
  static final long MAX_BYTES = 50L * 1024 * 1024;
  static final String KEY = "hsdest.audienceBody";

  @Override
  public void handle(RoutingContext ctx) {
    BoundedBodies.read(ctx, MAX_BYTES, length -> tooLarge(), chunks -> {
      ctx.put(KEY, chunks);
      ctx.next();
    });
  }

  static IngestError tooLarge() {
    return new IngestError(413, "REQUEST_TOO_LARGE", "an audience request may carry at most 50 MB (after gzip is undone); "
        + "send the snapshot in a smaller form or the changes in several requests");
  }

  /** The body's bytes as a stream over the kept chunks (no copy of the whole body). */
  static InputStream stream(List<Buffer> chunks) {
    return new InputStream() {
      private int chunk;
      private int pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        while (chunk < chunks.size() && pos >= chunks.get(chunk).length()) {
          chunk++;
          pos = 0;
        }
        if (chunk >= chunks.size()) return -1;
        if (len == 0) return 0;
        Buffer c = chunks.get(chunk);
        int n = Math.min(len, c.length() - pos);
        c.getBytes(pos, pos + n, b, off);
        pos += n;
        return n;
      }
    };
  }
}
