package nl.hengel.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused database configuration into Spring Boot's short "failed to start" report, without
 * a stack trace.
 */
class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseNotConfigured> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DatabaseNotConfigured cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
