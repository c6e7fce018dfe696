package dev.modelwatch.config;

/** Checks on bind addresses given in YAML or agent arguments. */
final class Hosts {
  private Hosts() {}

  /**
   * "[::1]" becomes "::1": brackets are how IPv6 literals are written next to ports, not part of
   * the address.
   */
  static String unbracket(String host) {
    if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }

  /** Null when the host is acceptable as a bind address, else what is wrong with it. */
  static String problem(String host) {
    if (host.isEmpty()) {
      return "must not be empty; use 0.0.0.0 for every interface";
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.isLetterOrDigit(c)
          || c == '.'
          || c == '-'
          || c == ':'
          || c == '_'
          || c == '%')) {
        return "'"
            + host
            + "' is not a host name or IP address (character '"
            + c
            + "' is not allowed)";
      }
    }
    return null;
  }
}
