package nl.hengel.timeline.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** E-mail normalisation and the company domain an address reveals. */
public final class Emails {

  // Deliberately permissive (RFC 5322 allows much); what matters is one stable form per mailbox.
  private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
  private static final Set<String> FREE_MAIL = load();

  private Emails() {}

  /** Trimmed and lower-cased, or empty when it is not an e-mail address. */
  public static Optional<String> normalise(String email) {
    if (email == null) {
      return Optional.empty();
    }
    String value = email.trim().toLowerCase(Locale.ROOT);
    return value.length() <= 320 && SHAPE.matcher(value).matches() ? Optional.of(value) : Optional.empty();
  }

  /** The company domain of a normalised address, or empty for free-mail services. */
  public static Optional<String> companyDomain(String normalisedEmail) {
    String domain = normalisedEmail.substring(normalisedEmail.indexOf('@') + 1);
    return FREE_MAIL.contains(domain) ? Optional.empty() : Optional.of(domain);
  }

  public static boolean isFreeMail(String domain) {
    return FREE_MAIL.contains(domain.toLowerCase(Locale.ROOT));
  }

  private static Set<String> load() {
    var domains = new HashSet<String>();
    try (var in = Emails.class.getResourceAsStream("/nl/hengel/timeline/free-mail-domains.txt");
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(domains::add);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("The free-mail domain list is missing from the jar", e);
    }
    return Set.copyOf(domains);
  }
}
