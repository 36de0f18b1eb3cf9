package dev.cutover.driver.internal;

import dev.cutover.driver.Phase;
import dev.cutover.driver.shadow.ShadowParameters;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A snapshot of a prepared read's bindings, replayed by its shadow read. */
final class BoundParameters implements ShadowParameters {
  private final MigrationContext ctx;
  private final Binding[] row;

  BoundParameters(MigrationContext ctx, Binding[] row) {
    this.ctx = ctx;
    this.row = row;
  }

  @Override
  public void bind(PreparedStatement ps, Phase.Side side, String sql, long timeoutMillis)
      throws SQLException {
    ParameterTypes learnt = row.length == 0 ? null : ctx.parameterTypes(side);
    ParameterTypes.Target[] types =
        learnt == null
            ? ParameterTypes.NONE
            : learnt.of(ps.getConnection(), sql, Math.max(1, timeoutMillis));
    ParameterTypes.bindSet(ps, row, types);
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
