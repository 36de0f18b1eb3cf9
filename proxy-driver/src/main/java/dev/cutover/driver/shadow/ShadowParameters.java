package dev.cutover.driver.shadow;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The parameters a sampled prepared read ran with, replayable on another connection. Implemented by
 * the driver's statement layer; not for applications.
 */
public interface ShadowParameters {
  /** Binds every captured parameter to {@code ps}, at the indexes the application used. */
  void bind(PreparedStatement ps) throws SQLException;

  /** The values as a report shows them. */
  List<Object> display();
}
