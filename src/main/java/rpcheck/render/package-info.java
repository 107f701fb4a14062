/**
 * Renderings of counterexamples for reviewers, all from a {@link rpcheck.render.Counterexample} (a
 * {@link rpcheck.trace.Trace} and its variant), which is also all that trace.json holds, so re-rendering a
 * trace.json gives the same bytes as {@code check} wrote.
 *
 * <h2>Graphs (JGraphT)</h2>
 * <ul>
 * <li>{@link rpcheck.render.LaneGraph}: the trace graph, one lane per context, one node per step, program-order
 * edges and causality edges (queue_work to start, timer armed to expiry, I/O or abort handed to the LLDD to its
 * completion, unlock to lock, wait to the step that ends it to the waiter's wake-up, the lasso's loop).</li>
 * <li>{@link rpcheck.render.WaitForGraph}: who waits for what after any step; after the last step it marks the
 * cycle of the {@link rpcheck.trace.Explanation}, which is the one place a cycle is searched for.</li>
 * <li>{@link rpcheck.render.Projection}: the contexts involved in the violation, shown by default in text.</li>
 * </ul>
 *
 * <h2>Renderers</h2>
 * {@link rpcheck.render.TextRenderer} (lockdep-style scenario, 80 columns, ASCII),
 * {@link rpcheck.render.DotRenderer} (JGraphT's DOTExporter), {@link rpcheck.render.SvgRenderer},
 * {@link rpcheck.render.JsonRenderer} and {@link rpcheck.render.TraceJsonReader} (schema
 * {@code docs/trace-schema.json}); {@link rpcheck.render.Renderings} names the files.
 *
 * <h2>Layout for SVG, without Graphviz</h2>
 * The trace graph needs no layout library: lanes are fixed columns and steps rows in trace order, so time runs
 * down the page; its edges are drawn directly.
 * <p>
 * The wait-for graph is laid out with the Eclipse Layout Kernel (org.eclipse.elk.core and
 * org.eclipse.elk.alg.layered from Maven Central; plain Java, no OSGi or Eclipse runtime). We compared it with
 * JGraphT's own drawing algorithms ({@code org.jgrapht.alg.drawing} in jgrapht-core 1.5.2). Those offer
 * force-directed (FRLayoutAlgorithm2D, IndexedFRLayoutAlgorithm2D), circular, random and two-layer bipartite
 * layouts. They place vertices only: they do not route edges or place labels, and force-directed layouts
 * depend on a random start and an iteration count. A wait-for graph is directed and made of cycles
 * (context, then work item, then the same context), and its edges carry labels ("waits in blk_sync_queue()").
 * A two-way pair drawn with straight lines lies on itself. ELK's layered algorithm is built for such graphs:
 * it breaks cycles (here in model order, so the first waiter is on top), routes edges orthogonally with bend
 * points so that a two-way pair is two separate paths, places edge labels, and is deterministic with its fixed
 * random seed. The cost is the dependency size: about 8 MB, mostly Guava and EMF, plus Xtend's runtime library,
 * which ELK's poms do not declare. Node sizes come from character counts of monospace text, not font metrics,
 * so no AWT is involved.
 */
package rpcheck.render;
