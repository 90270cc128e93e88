package nl.hengel.attribution;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import nl.hengel.platform.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Campaigns and their monthly spend over HTTP. */
@RestController
@RequestMapping("/api/campaigns")
@Tag(name = "Campaigns", description = "Campaigns (by the key interactions carry) and their spend")
class CampaignController {

  private final Campaigns campaigns;

  CampaignController(Campaigns campaigns) {
    this.campaigns = campaigns;
  }

  @GetMapping
  @Operation(summary = "Every campaign of the workspace with its spend per month")
  List<Campaign> list(@AuthenticationPrincipal Caller caller) {
    return campaigns.list(caller.workspace());
  }

  @GetMapping("/{key}")
  @Operation(summary = "One campaign with its spend per month")
  Campaign get(@AuthenticationPrincipal Caller caller, @PathVariable String key) {
    return campaigns.get(caller.workspace(), key);
  }

  @PutMapping("/{key}")
  @Operation(
      summary = "Create or change a campaign: name, channel, startsOn, endsOn (admin, marketing)")
  Campaign put(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String key,
      @RequestBody Campaigns.CampaignSpec spec) {
    return campaigns.put(caller, key, spec);
  }

  @PutMapping("/{key}/spend")
  @Operation(
      summary =
          "Replace a campaign's spend: [{month: \"2026-03\", amount: 1250.00, currency: \"EUR\"}]"
              + " (admin, marketing)")
  Campaign putSpend(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String key,
      @RequestBody List<Campaigns.SpendInput> spend) {
    return campaigns.putSpend(caller, key, spend);
  }
}
