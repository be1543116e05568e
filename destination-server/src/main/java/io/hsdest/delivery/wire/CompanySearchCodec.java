package io.hsdest.delivery.wire;

import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Queued;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Split;
import io.hsdest.delivery.resolve.AdoptionSearch;
import io.hsdest.delivery.resolve.CompanyAdoption;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.op.CompanyWrite;
import java.util.ArrayList;
import java.util.List;

/** The adoption search ({@link CompanyAdoption}): one search body for a batch of groups, one decision per group. */
final class CompanySearchCodec implements Codec {

  private static <T extends Queued> List<CompanyWrite> companies(List<Input<T>> batch) {
    List<CompanyWrite> out = new ArrayList<>(batch.size());
    for (Input<T> in : batch) out.add(((AdoptionSearch) in.first().op()).company());
    return out;
  }

  @Override
  public <T extends Queued> HubSpotCall encode(List<Input<T>> batch, WireContext ctx) {
    List<CompanyWrite> companies = companies(batch);
    return ctx.calls().searchCompanies(CompanyAdoption.searchBody(companies, companies.get(0).idProperty()));
  }

  @Override
  public <T extends Queued> List<Verdict> decode(HubSpotResponse r, List<Input<T>> batch, WireContext ctx) {
    List<CompanyWrite> companies = companies(batch);
    List<Verdict> out = new ArrayList<>(batch.size());
    if (!r.isSuccess()) {
      HubSpotError e = HubSpotError.of(r);
      for (int i = 0; i < batch.size(); i++) out.add(CompanyAdoption.skipped(e));
      return out;
    }
    if (CompanyAdoption.truncated(r.json()) && batch.size() > 1) {
      for (int i = 0; i < batch.size(); i++) out.add(new Split("more matches than one page: fewer groups per search"));
      return out;
    }
    return ctx.adoption().decide(companies, companies.get(0).idProperty(), r.json());
  }
}
