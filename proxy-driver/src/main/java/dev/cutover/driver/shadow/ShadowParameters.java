package dev.cutover.driver.shadow;

import dev.cutover.driver.Phase;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The parameters a sampled prepared read ran with, replayable on another connection. Implemented by
 * the driver's statement layer; not for applications.
 */
public interface ShadowParameters {
  /**
   * Binds every captured parameter to {@code ps}, prepared from {@code sql} on {@code side}, at the
   * indexes the application used (adapted to the side's types as a write there would be; learning
   * them may take a round trip, given up after {@code timeoutMillis} with a {@link
   * java.sql.SQLTimeoutException}).
   */
  void bind(PreparedStatement ps, Phase.Side side, String sql, long timeoutMillis)
      throws SQLException;

  /** The values as a report shows them. */
  List<Object> display();
}
