package nl.hengel.timeline.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** E-mail normalisation and the company domain an address reveals. */
public final class Emails {

  private static final Set<String> FREE_MAIL = load();

  private Emails() {}

  /** Trimmed and lower-cased, or empty when it is not an e-mail address. */
  public static Optional<String> normalise(String email) {
    if (email == null) {
      return Optional.empty();
    }
    String value = email.trim().toLowerCase(Locale.ROOT);
    return value.length() <= 320 && hasShape(value) ? Optional.of(value) : Optional.empty();
  }

  /**
   * Whether the (lower-cased) address has the accepted shape, deliberately permissive (RFC 5322
   * allows much; what matters is one stable form per mailbox): exactly the regular expression
   * {@code [^@\s]{1,64}@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+}, that is
   * 1-64 code points other than '@' and whitespace (space, tab, line feed, vertical tab, form feed,
   * carriage return), an '@', then at least two dot-separated labels of a-z, 0-9 and '-' that start
   * and end with a-z or 0-9. Checked by hand because it runs for every ingested interaction and the
   * expression cost the ingest a tenth of its CPU time; EmailsUnitTests holds the two to each
   * other.
   */
  static boolean hasShape(String value) {
    int at = value.indexOf('@');
    if (at < 1 || value.codePointCount(0, at) > 64) {
      return false;
    }
    for (int i = 0; i < at; i++) {
      switch (value.charAt(i)) {
        case ' ', '\t', '\n', '\u000B', '\f', '\r' -> {
          return false;
        }
        default -> {}
      }
    }
    int labels = 0;
    int i = at + 1;
    int n = value.length();
    while (true) {
      int start = i;
      while (i < n && (isLetterOrDigit(value.charAt(i)) || value.charAt(i) == '-')) {
        i++;
      }
      if (i == start
          || !isLetterOrDigit(value.charAt(start))
          || !isLetterOrDigit(value.charAt(i - 1))) {
        return false;
      }
      labels++;
      if (i == n) {
        return labels >= 2;
      }
      if (value.charAt(i) != '.') {
        return false;
      }
      i++;
    }
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
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
      reader
          .lines()
          .map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(domains::add);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("The free-mail domain list is missing from the jar", e);
    }
    return Set.copyOf(domains);
  }
}
