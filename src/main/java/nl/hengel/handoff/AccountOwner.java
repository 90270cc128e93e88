package nl.hengel.handoff;

import nl.hengel.platform.UserId;
import nl.hengel.timeline.CompanyId;

/** The salesperson who owns a company's account and gets its new leads first. */
public record AccountOwner(CompanyId company, UserId owner, String ownerEmail) {}
