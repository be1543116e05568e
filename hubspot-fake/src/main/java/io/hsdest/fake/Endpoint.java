package io.hsdest.fake;

import io.vertx.core.http.HttpMethod;

import java.util.function.Function;

/**
 * One HubSpot route: its template (Vert.x style, {@code :param}), how it counts against limits, which scope family
 * guards it (null = none), and the handler that turns a request into a {@link Reply}.
 */
record Endpoint(HttpMethod method, String template, LimitClass limit, Function<Exchange, ApiFamily> family,
                Handler handler) {

  /** Computes the answer synchronously from the request and the portal's state; throws {@link ApiError} to fail. */
  interface Handler {
    Reply handle(Exchange x);
  }

  /** The route as counted in stats: object-type parameters spelled out, other parameters as {@code {name}}. */
  String key(Exchange x) {
    StringBuilder sb = new StringBuilder(method.name()).append(' ');
    for (String seg : template.substring(1).split("/")) {
      sb.append('/');
      if (seg.startsWith(":")) {
        String p = seg.substring(1);
        ObjectType t = p.toLowerCase().contains("type") && !p.equals("objectTypeId")
            ? ObjectType.parseOrNull(x.param(p)) : null;
        sb.append(t != null ? t.plural : "{" + p + "}");
      } else {
        sb.append(seg);
      }
    }
    return sb.toString();
  }
}
