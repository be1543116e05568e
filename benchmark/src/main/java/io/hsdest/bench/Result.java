package io.hsdest.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one scenario measured: labelled figures, the targets checked, and notes worth reading. */
final class Result {
  /** One target of issue 3: what was asked, what was measured, whether it holds. */
  record Check(String target, String measured, boolean pass) {}

  final String scenario;
  final Map<String, String> figures = new LinkedHashMap<>();
  final List<Check> checks = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  /** The figures of the summary table, by column. */
  final Map<String, String> summary = new LinkedHashMap<>();
  String error;

  Result(String scenario) {
    this.scenario = scenario;
  }

  void figure(String name, String value) {
    figures.put(name, value);
  }

  void check(String target, String measured, boolean pass) {
    checks.add(new Check(target, measured, pass));
  }

  void note(String s) {
    notes.add(s);
  }

  boolean passed() {
    return error == null && !checks.isEmpty() && checks.stream().allMatch(Check::pass);
  }

  String verdict() {
    if (error != null) return "ERROR";
    return passed() ? "PASS" : "FAIL";
  }
}
