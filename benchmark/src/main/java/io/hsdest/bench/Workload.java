package io.hsdest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The standard workload of issue 3, seeded and repeatable: one round is 1,000 Segment messages,
 * 600 track (150 users, 3 event types), 300 identify (200 users), 100 group (40 companies), in a
 * shuffled but plausible order (a user's first identify comes before their second), with
 * increasing timestamps, cut into batches of {@code batchSize}.
 *
 * <p>Round {@code r} draws its users and companies from population {@code r % populations}, so
 * a long run keeps meeting the same people again (like a real source) without every round
 * writing the same 200 contacts. The same seed and round always give the same bytes.
 */
final class Workload {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final Instant BASE = Instant.parse("2026-01-05T09:00:00Z");

  static final int TRACKS = 600;
  static final int TRACK_USERS = 150;
  static final int IDENTIFIES = 300;
  static final int IDENTIFY_USERS = 200;
  static final int GROUPS = 100;
  static final int COMPANIES = 40;
  static final int MESSAGES = TRACKS + IDENTIFIES + GROUPS;

  /** Event name in the source, its share of the 600 tracks, the HubSpot definition it lands on. */
  static final String[][] EVENTS = {
      {"Page Viewed", "300", "pe123456_page_viewed"},
      {"Order Completed", "200", "pe123456_order_completed"},
      {"Signed Up", "100", "pe123456_signed_up"}};

  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
      "Margaret", "Dennis", "Radia", "John", "Sophie", "Tim", "Hedy", "Linus"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
      "Thompson", "Hamilton", "Ritchie", "Perlman", "Backus", "Wilson", "Berners-Lee", "Lamarr", "Torvalds"};
  private static final String[] CITIES = {"Boston", "Berlin", "Dublin", "Paris", "Austin", "Toronto", "Lisbon", "Oslo"};
  private static final String[] COUNTRIES = {"US", "DE", "IE", "FR", "US", "CA", "PT", "NO"};
  private static final String[] TIERS = {"Free", "Pro", "Enterprise"};
  private static final String[] TITLES = {"CTO", "Engineer", "Product Manager", "Analyst", "Founder", "Designer"};
  private static final String[] PAGES = {"/", "/pricing", "/docs", "/blog/batching", "/signup", "/features"};

  private final long seed;
  private final int batchSize;
  private final int populations;

  Workload(long seed, int batchSize, int populations) {
    this.seed = seed;
    this.batchSize = batchSize;
    this.populations = Math.max(1, populations);
  }

  /** One round's messages in sending order, and what HubSpot must end up holding for them. */
  record Round(int index, List<ObjectNode> messages, Shape shape) {}

  /** What a set of messages asks of HubSpot, for the floor. */
  record Shape(int messages, int contacts, int companies, int events, int associations) {
    Shape plus(Shape o) {
      return new Shape(messages + o.messages, contacts + o.contacts, companies + o.companies, events + o.events,
          associations + o.associations);
    }

    static final Shape ZERO = new Shape(0, 0, 0, 0, 0);
  }

  /**
   * A request body ready to send (and to resend unchanged), with its message count and how many
   * companies it introduces for the first time in the whole run (each costs an adoption lookup).
   */
  record Batch(int round, int index, int messages, int newCompanies, byte[] body) {}

  private enum Kind { IDENTIFY, TRACK, GROUP }

  private record Slot(Kind kind, int who, int what) {}

  Round round(int r) {
    Random rnd = new Random(seed * 1_000_003L + r * 7_919L + 17);
    int population = r % populations;
    List<Slot> slots = new ArrayList<>(MESSAGES);
    // identify: every one of the 200 users once, 100 of them twice
    List<Integer> users = range(IDENTIFY_USERS);
    for (int u : users) slots.add(new Slot(Kind.IDENTIFY, u, 0));
    Collections.shuffle(users, rnd);
    for (int i = 0; i < IDENTIFIES - IDENTIFY_USERS; i++) slots.add(new Slot(Kind.IDENTIFY, users.get(i), 0));
    // track: 150 of those users, each at least once; event types by share
    List<Integer> trackers = range(IDENTIFY_USERS);
    Collections.shuffle(trackers, rnd);
    trackers = trackers.subList(0, TRACK_USERS);
    List<Integer> eventKinds = new ArrayList<>(TRACKS);
    for (int e = 0; e < EVENTS.length; e++) for (int i = 0; i < Integer.parseInt(EVENTS[e][1]); i++) eventKinds.add(e);
    Collections.shuffle(eventKinds, rnd);
    for (int i = 0; i < TRACKS; i++) {
      int user = i < TRACK_USERS ? trackers.get(i) : trackers.get(rnd.nextInt(TRACK_USERS));
      slots.add(new Slot(Kind.TRACK, user, eventKinds.get(i)));
    }
    // group: 40 companies, each at least once, members among the identified users
    for (int i = 0; i < GROUPS; i++) {
      int company = i < COMPANIES ? i : rnd.nextInt(COMPANIES);
      slots.add(new Slot(Kind.GROUP, rnd.nextInt(IDENTIFY_USERS), company));
    }
    Collections.shuffle(slots, rnd);

    Map<Integer, Integer> identifiesSeen = new HashMap<>();
    Map<Integer, Integer> groupsSeen = new HashMap<>();
    Set<String> pairs = new HashSet<>();
    List<ObjectNode> messages = new ArrayList<>(MESSAGES);
    long t0 = BASE.toEpochMilli() + r * 1_000_000L;
    int events = 0;
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      Instant ts = Instant.ofEpochMilli(t0 + i * 250L + rnd.nextInt(200));
      ObjectNode m = switch (s.kind()) {
        case IDENTIFY -> identify(rnd, population, s.who(), identifiesSeen.merge(s.who(), 1, Integer::sum), ts);
        case TRACK -> track(rnd, population, s.who(), s.what(), ts);
        case GROUP -> group(rnd, population, s.who(), s.what(), groupsSeen.merge(s.what(), 1, Integer::sum), ts);
      };
      if (s.kind() == Kind.TRACK) events++;
      if (s.kind() == Kind.GROUP) pairs.add(s.who() + "/" + s.what());
      messages.add(m);
    }
    Shape shape = shapeOf(messages);
    if (shape.contacts() != IDENTIFY_USERS || shape.companies() != COMPANIES || shape.events() != events
        || shape.associations() != pairs.size()) {
      throw new IllegalStateException("workload generator broken: " + shape);
    }
    return new Round(r, messages, shape);
  }

  /** What these messages ask of HubSpot: unique contacts (identify), companies, events, contact-company pairs. */
  static Shape shapeOf(List<ObjectNode> messages) {
    Set<String> contacts = new HashSet<>();
    Set<String> companies = new HashSet<>();
    Set<String> pairs = new HashSet<>();
    int events = 0;
    for (ObjectNode m : messages) {
      switch (m.path("type").asText()) {
        case "identify" -> contacts.add(m.path("userId").asText());
        case "track" -> events++;
        case "group" -> {
          companies.add(m.path("groupId").asText());
          pairs.add(m.path("userId").asText() + "/" + m.path("groupId").asText());
        }
        default -> { }
      }
    }
    return new Shape(messages.size(), contacts.size(), companies.size(), events, pairs.size());
  }

  /** The round's request bodies, {@code batchSize} messages each, in order. */
  List<Batch> batches(Round round) {
    List<Batch> out = new ArrayList<>();
    List<ObjectNode> ms = round.messages();
    boolean firstVisit = round.index() < populations;
    Set<String> companies = new HashSet<>();
    for (int from = 0, n = 0; from < ms.size(); from += batchSize, n++) {
      List<ObjectNode> part = ms.subList(from, Math.min(ms.size(), from + batchSize));
      int newCompanies = 0;
      for (ObjectNode m : part) {
        if (firstVisit && m.path("type").asText().equals("group") && companies.add(m.path("groupId").asText())) newCompanies++;
      }
      ObjectNode body = F.objectNode();
      ArrayNode batch = body.putArray("batch");
      part.forEach(batch::add);
      body.put("sentAt", part.get(part.size() - 1).get("timestamp").asText());
      try {
        out.add(new Batch(round.index(), n, part.size(), newCompanies, JSON.writeValueAsBytes(body)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- people and companies

  static String userId(int population, int user) {
    return "user-" + population + "-" + user;
  }

  static String email(int population, int user) {
    return FIRST[user % FIRST.length].toLowerCase() + "." + user + ".p" + population + "@bench-mail.example";
  }

  static String groupId(int population, int company) {
    return "grp-" + population + "-" + company;
  }

  private UUID anonymousId(int population, int user) {
    return new UUID(seed ^ (population * 31L + 7), user * 1_000_003L + 11);
  }

  private static String uuid(Random rnd) {
    long hi = (rnd.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private ObjectNode envelope(Random rnd, String type, int population, int user, Instant ts) {
    ObjectNode m = F.objectNode();
    m.put("type", type);
    m.put("messageId", uuid(rnd));
    m.put("userId", userId(population, user));
    m.put("anonymousId", anonymousId(population, user).toString());
    m.put("timestamp", ts.toString());
    ObjectNode ctx = m.putObject("context");
    ctx.putObject("library").put("name", "analytics-node").put("version", "2.1.2");
    ctx.put("ip", "203.0.113." + (user % 250 + 1));
    ctx.put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36");
    m.putObject("integrations");
    return m;
  }

  private ObjectNode identify(Random rnd, int population, int user, int nth, Instant ts) {
    ObjectNode m = envelope(rnd, "identify", population, user, ts);
    ObjectNode t = m.putObject("traits");
    t.put("email", nth == 1 ? email(population, user) : " " + email(population, user).toUpperCase() + " ");
    t.put("firstName", FIRST[user % FIRST.length]);
    t.put("lastName", LAST[(user / FIRST.length) % LAST.length]);
    if (nth == 1) {
      t.put("phone", "+1 555 " + String.format("%04d", user));
      t.put("company", "Company " + (user % COMPANIES));
      t.put("title", TITLES[user % TITLES.length]);
      ObjectNode a = t.putObject("address");
      a.put("street", (user + 1) + " Main St");
      a.put("city", CITIES[user % CITIES.length]);
      a.put("country", COUNTRIES[user % CITIES.length]);
      a.put("postalCode", String.format("%05d", 2_000 + user));
      t.put("plan_tier", TIERS[0]);
      t.put("seats", 1 + rnd.nextInt(5));
      t.put("signup_date", ts.toString().substring(0, 10));
      t.put("lifecycleStage", "lead");
      t.put("is_vip", false);
      t.put("favoriteFood", "pizza"); // not a HubSpot property: dropped with a warning
    } else {
      t.put("plan_tier", TIERS[1 + rnd.nextInt(2)]);
      t.put("seats", 5 + rnd.nextInt(50));
      t.put("last_login", ts.toString());
      t.put("lifecycleStage", "customer");
      t.put("is_vip", rnd.nextInt(4) == 0);
      t.putArray("interests").add("golf").add("chess");
    }
    return m;
  }

  private ObjectNode track(Random rnd, int population, int user, int kind, Instant ts) {
    ObjectNode m = envelope(rnd, "track", population, user, ts);
    m.put("event", EVENTS[kind][0]);
    ((ObjectNode) m.get("context")).putObject("traits").put("email", email(population, user));
    ObjectNode p = m.putObject("properties");
    switch (kind) {
      case 0 -> {
        String path = PAGES[rnd.nextInt(PAGES.length)];
        p.put("url", "https://www.bench-shop.example" + path);
        p.put("path", path);
        p.put("title", "Bench Shop " + path);
        p.put("referrer", "https://www.google.com/");
      }
      case 1 -> {
        p.put("order_id", "ord-" + population + "-" + user + "-" + rnd.nextInt(1_000_000));
        p.put("revenue", Math.round(rnd.nextDouble() * 50_000) / 100.0);
        p.put("currency", "USD");
        p.put("coupon_used", rnd.nextBoolean());
        ObjectNode product = p.putArray("products").addObject();
        product.put("product_id", "sku-" + rnd.nextInt(100));
        product.put("price", 19.99);
        product.put("quantity", 1 + rnd.nextInt(3));
      }
      default -> {
        p.put("plan", TIERS[rnd.nextInt(TIERS.length)].toLowerCase());
        p.put("method", "email");
      }
    }
    return m;
  }

  private ObjectNode group(Random rnd, int population, int user, int company, int nth, Instant ts) {
    ObjectNode m = envelope(rnd, "group", population, user, ts);
    m.put("groupId", groupId(population, company));
    ObjectNode t = m.putObject("traits");
    t.put("name", "Company " + company + " (p" + population + ")");
    t.put("website", "https://www.company" + company + "-p" + population + ".example/about");
    t.put("industry", "Computer Software");
    t.put("employees", 10 * (company + 1) + nth);
    t.putObject("address").put("city", CITIES[company % CITIES.length]).put("country", COUNTRIES[company % CITIES.length]);
    t.put("plan", TIERS[company % TIERS.length]); // not a company property: dropped with a warning
    return m;
  }

  private static List<Integer> range(int n) {
    List<Integer> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) l.add(i);
    return l;
  }
}
