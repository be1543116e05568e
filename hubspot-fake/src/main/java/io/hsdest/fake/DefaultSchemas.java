package io.hsdest.fake;

import java.util.ArrayList;
import java.util.List;

/**
 * The seeded portal's schema: contact schema P0, company schema C0 and event definitions E0 from cloud-mode.md
 * section (c), plus the HubSpot-defined read-only properties every portal has.
 */
final class DefaultSchemas {
  static final String[] LIFECYCLE_STAGES = {
      "subscriber", "Subscriber", "lead", "Lead", "marketingqualifiedlead", "Marketing Qualified Lead",
      "salesqualifiedlead", "Sales Qualified Lead", "opportunity", "Opportunity", "customer", "Customer",
      "evangelist", "Evangelist", "other", "Other"};
  static final String[] TRUE_FALSE = {"true", "True", "false", "False"};

  private DefaultSchemas() {
  }

  static List<PropertyDefinition> contacts() {
    String g = "contactinformation";
    List<PropertyDefinition> p = new ArrayList<>();
    p.add(PropertyDefinition.builder("email", "string", "text").label("Email").group(g).unique(true).build());
    for (String[] nl : new String[][] {{"firstname", "First Name"}, {"lastname", "Last Name"}, {"phone", "Phone Number"},
        {"company", "Company Name"}, {"website", "Website URL"}, {"jobtitle", "Job Title"}, {"address", "Street Address"},
        {"city", "City"}, {"state", "State/Region"}, {"zip", "Postal Code"}, {"country", "Country/Region"}}) {
      p.add(PropertyDefinition.builder(nl[0], "string", "text").label(nl[1]).group(g).build());
    }
    p.add(custom("favorite_color", "string", "text", g).label("Favorite Color").build());
    p.add(custom("accounttype", "string", "text", g).label("Account Type").build());
    p.add(custom("tags", "string", "textarea", g).label("Tags").build());
    p.add(custom("segment_user_id", "string", "text", g).label("Segment User ID").unique(true).hidden(true)
        .formField(false).build());
    p.add(PropertyDefinition.builder("lifecyclestage", "enumeration", "radio").label("Lifecycle Stage").group(g)
        .optionPairs(LIFECYCLE_STAGES).build());
    p.add(custom("plan_tier", "enumeration", "select", g).label("Plan Tier")
        .optionPairs("free", "Free", "pro", "Pro", "enterprise", "Enterprise").build());
    p.add(custom("interests", "enumeration", "checkbox", g).label("Interests")
        .optionPairs("golf", "Golf", "tennis", "Tennis", "chess", "Chess").build());
    p.add(custom("signup_date", "date", "date", g).label("Signup Date").build());
    p.add(custom("last_login", "datetime", "date", g).label("Last Login").build());
    p.add(custom("seats", "number", "number", g).label("Seats").build());
    p.add(custom("pricing_page_visits", "number", "number", g).label("Pricing Page Visits").build());
    p.add(custom("is_vip", "bool", "booleancheckbox", g).label("Is VIP").build());
    p.add(custom("vip_users", "bool", "booleancheckbox", g).label("VIP Users").build());
    p.add(custom("legacy_flag", "enumeration", "booleancheckbox", g).label("Legacy Flag").optionPairs(TRUE_FALSE)
        .build());
    p.add(readOnly("hs_marketable_status", "enumeration", "booleancheckbox", "Marketing contact status")
        .optionPairs(TRUE_FALSE).build());
    p.add(readOnly("hs_all_contact_vids", "enumeration", "checkbox", "All contact IDs").build());
    p.add(readOnly("hs_additional_emails", "enumeration", "checkbox", "Additional email addresses").build());
    p.add(readOnly("lastmodifieddate", "datetime", "date", "Last Modified Date").build());
    p.addAll(common());
    return p;
  }

  static List<PropertyDefinition> companies() {
    String g = "companyinformation";
    List<PropertyDefinition> p = new ArrayList<>();
    for (String[] nl : new String[][] {{"name", "Name"}, {"domain", "Company Domain Name"}, {"website", "Website URL"},
        {"description", "Description"}, {"phone", "Phone Number"}, {"address", "Street Address"}, {"city", "City"},
        {"state", "State/Region"}, {"zip", "Postal Code"}, {"country", "Country/Region"}}) {
      p.add(PropertyDefinition.builder(nl[0], "string", "text").label(nl[1]).group(g).build());
    }
    p.add(PropertyDefinition.builder("industry", "enumeration", "select").label("Industry").group(g).optionPairs(
        "ACCOUNTING", "Accounting", "AIRLINES_AVIATION", "Airlines/Aviation", "BANKING", "Banking",
        "BIOTECHNOLOGY", "Biotechnology", "COMPUTER_HARDWARE", "Computer Hardware",
        "COMPUTER_SOFTWARE", "Computer Software", "CONSUMER_GOODS", "Consumer Goods",
        "EDUCATION_MANAGEMENT", "Education Management", "FINANCIAL_SERVICES", "Financial Services",
        "HOSPITAL_HEALTH_CARE", "Hospital & Health Care",
        "INFORMATION_TECHNOLOGY_AND_SERVICES", "Information Technology and Services", "INTERNET", "Internet",
        "MARKETING_AND_ADVERTISING", "Marketing and Advertising", "RETAIL", "Retail",
        "TELECOMMUNICATIONS", "Telecommunications").build());
    p.add(PropertyDefinition.builder("numberofemployees", "number", "number").label("Number of Employees").group(g)
        .build());
    p.add(PropertyDefinition.builder("lifecyclestage", "enumeration", "radio").label("Lifecycle Stage").group(g)
        .optionPairs(LIFECYCLE_STAGES).build());
    p.add(custom("segment_group_id", "string", "text", g).label("Segment Group ID").unique(true).hidden(true)
        .formField(false).build());
    p.addAll(common());
    return p;
  }

  /** HubSpot's default deal properties: the sales pipeline's stages, amount, close date, owner-free. */
  static List<PropertyDefinition> deals() {
    String g = "dealinformation";
    List<PropertyDefinition> p = new ArrayList<>();
    p.add(PropertyDefinition.builder("dealname", "string", "text").label("Deal Name").group(g).build());
    p.add(PropertyDefinition.builder("amount", "number", "number").label("Amount").group(g).build());
    p.add(PropertyDefinition.builder("pipeline", "enumeration", "select").label("Pipeline").group(g)
        .optionPairs("default", "Sales Pipeline").build());
    p.add(PropertyDefinition.builder("dealstage", "enumeration", "radio").label("Deal Stage").group(g).optionPairs(
        "appointmentscheduled", "Appointment Scheduled", "qualifiedtobuy", "Qualified To Buy",
        "presentationscheduled", "Presentation Scheduled", "decisionmakerboughtin", "Decision Maker Bought-In",
        "contractsent", "Contract Sent", "closedwon", "Closed Won", "closedlost", "Closed Lost").build());
    p.add(PropertyDefinition.builder("closedate", "datetime", "date").label("Close Date").group(g).build());
    p.add(PropertyDefinition.builder("dealtype", "enumeration", "radio").label("Deal Type").group(g)
        .optionPairs("newbusiness", "New Business", "existingbusiness", "Existing Business").build());
    p.add(PropertyDefinition.builder("description", "string", "textarea").label("Deal Description").group(g).build());
    p.add(PropertyDefinition.builder("hs_priority", "enumeration", "select").label("Priority").group(g)
        .optionPairs("low", "Low", "medium", "Medium", "high", "High").build());
    p.add(PropertyDefinition.builder("num_associated_contacts", "number", "number").label("Number of Contacts")
        .group(g).calculated(true).formField(false).build());
    p.addAll(common());
    return p;
  }

  /** Event definitions E0: internal name, label, then property (name, type) pairs. */
  static List<EventDefinition> events(long portalId) {
    List<EventDefinition> e = new ArrayList<>();
    EventDefinition order = new EventDefinition(portalId, "order_completed", "Order Completed", "", "CONTACT", true, 1);
    order.addProperty(EventProperty.of("order_id", "string"));
    order.addProperty(EventProperty.of("amount", "number"));
    order.addProperty(EventProperty.of("currency", "string"));
    order.addProperty(new EventProperty("coupon_used", "Coupon Used", "enumeration", "",
        List.of(new PropertyOption("True", "true", 0, false, ""), new PropertyOption("False", "false", 1, false, ""))));
    order.addProperty(EventProperty.of("meta", "string"));
    e.add(order);
    EventDefinition signedUp = new EventDefinition(portalId, "signed_up", "Signed Up", "", "CONTACT", true, 2);
    signedUp.addProperty(EventProperty.of("plan", "string"));
    e.add(signedUp);
    e.add(new EventDefinition(portalId, "page_viewed", "Page Viewed", "", "CONTACT", true, 3));
    return e;
  }

  private static List<PropertyDefinition> common() {
    return List.of(
        readOnly("hs_object_id", "number", "number", "Record ID").build(),
        readOnly("createdate", "datetime", "date", "Create Date").build(),
        readOnly("hs_lastmodifieddate", "datetime", "date", "Object last modified date/time").build(),
        readOnly("hs_merged_object_ids", "enumeration", "checkbox", "Merged record IDs").build());
  }

  private static PropertyDefinition.Builder custom(String name, String type, String fieldType, String group) {
    return PropertyDefinition.builder(name, type, fieldType).group(group).hubspotDefined(false);
  }

  private static PropertyDefinition.Builder readOnly(String name, String type, String fieldType, String label) {
    return PropertyDefinition.builder(name, type, fieldType).label(label).group("system").readOnly(true)
        .formField(false);
  }
}
