package io.hsdest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The page stays small: its own JavaScript and CSS with the chart library under 60 KB gzipped (what a browser
 * downloads, the server compressing), every asset the page names is served from this server, and the vendored
 * chart library carries its licence.
 */
class ConsoleAssetsTest {
  static final int LIMIT_BYTES = 60 * 1024;

  @Test
  void theJavaScriptAndCssWithTheChartLibraryStayUnder60KbGzipped() throws IOException {
    List<String> scriptsAndStyles = ConsolePages.ASSETS.keySet().stream().filter(p -> p.endsWith(".js") || p.endsWith(".css"))
        .sorted().toList();
    assertThat(scriptsAndStyles).contains("console.js", "console.css", "uplot/uPlot.iife.min.js", "uplot/uPlot.min.css");
    long total = 0;
    StringBuilder sizes = new StringBuilder();
    for (String path : scriptsAndStyles) {
      byte[] raw = resource("console/assets/" + path);
      int gz = gzipped(raw);
      total += gz;
      sizes.append(path).append(": ").append(raw.length).append(" bytes, ").append(gz).append(" gzipped\n");
    }
    System.out.println("console assets:\n" + sizes + "total " + total + " bytes gzipped (limit " + LIMIT_BYTES + ")");
    assertThat(total).as(sizes.toString()).isLessThan(LIMIT_BYTES);
  }

  @Test
  void thePageLoadsOnlyItsOwnAssetsAndTheChartLibraryHasItsLicence() throws IOException {
    for (String page : List.of("console/index.html", "console/sign-in.html")) {
      String html = new String(resource(page), StandardCharsets.UTF_8);
      assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script>")
          .doesNotContain("style=\"");
      var m = java.util.regex.Pattern.compile("(?:src|href)=\"/console/assets/([^\"]+)\"").matcher(html);
      while (m.find()) assertThat(ConsolePages.ASSETS).as(page + " names " + m.group(1)).containsKey(m.group(1));
    }
    assertThat(new String(resource("console/assets/uplot/LICENSE"), StandardCharsets.UTF_8)).contains("The MIT License")
        .contains("Leon Sorokin");
    assertThat(new String(resource("console/assets/uplot/uPlot.iife.min.js"), StandardCharsets.UTF_8)).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30) */");
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = ConsoleAssetsTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    }
  }

  private static int gzipped(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.size();
  }
}
