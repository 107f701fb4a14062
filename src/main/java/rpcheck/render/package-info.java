/** Renderings of counterexamples for reviewers: graphs (JGraphT, DOT) built from {@link rpcheck.trace.Trace}. */
package rpcheck.render;
