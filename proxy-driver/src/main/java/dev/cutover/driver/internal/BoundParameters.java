package dev.cutover.driver.internal;

import dev.cutover.driver.shadow.ShadowParameters;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A snapshot of a prepared read's bindings, replayed by its shadow read. */
final class BoundParameters implements ShadowParameters {
  private final Binding[] row;

  BoundParameters(Binding[] row) {
    this.row = row;
  }

  @Override
  public void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < row.length; i++) {
      if (row[i] != null) {
        row[i].apply(ps, i + 1);
      }
    }
  }

  @Override
  public List<Object> display() {
    List<Object> values = new ArrayList<>(row.length);
    for (Binding b : row) {
      values.add(b == null ? null : b.display());
    }
    return values;
  }
}
