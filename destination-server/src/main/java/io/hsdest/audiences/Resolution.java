package io.hsdest.audiences;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What HubSpot knows of a set of members: the contact record id each resolved to (the first member naming a contact
 * speaks for it), the members HubSpot does not know, the members it refused to create, and how many contacts were
 * created. Filled by answers that may arrive on any thread, hence synchronized.
 */
final class Resolution {
  private final Map<String, Member> byRecord = new LinkedHashMap<>();
  private final List<Member> unknown = new ArrayList<>();
  private final List<Dropped> refused = new ArrayList<>();
  private int created;

  synchronized void found(String recordId, Member m) {
    byRecord.putIfAbsent(recordId, m);
  }

  synchronized void created(String recordId, Member m) {
    byRecord.putIfAbsent(recordId, m);
    created++;
  }

  synchronized void unknown(Member m) {
    unknown.add(m);
  }

  synchronized void refused(Dropped d) {
    refused.add(d);
  }

  synchronized Map<String, Member> byRecord() {
    return byRecord;
  }

  synchronized List<Member> unknown() {
    return unknown;
  }

  synchronized List<Dropped> refused() {
    return refused;
  }

  synchronized int createdContacts() {
    return created;
  }
}
