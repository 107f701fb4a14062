package rpcheck.model.prims;

/** What a primitive's argument must be; checked before the primitive is lowered (RP204 names the mismatch). */
public enum ArgKind {
    WORK("work", "a declared work item ('work w on wq runs fn')"),
    WORKQUEUE("workqueue", "a declared workqueue ('workqueue wq workers 1')"),
    SPINLOCK("spinlock", "a declared spinlock ('spinlock l')"),
    MUTEX("mutex", "a declared mutex ('mutex m')"),
    COMPLETION("completion", "a declared completion ('completion c')"),
    SRCU("srcu", "a declared SRCU domain ('srcu s', a struct srcu_struct)"),
    RWSEM("rw_semaphore", "a declared read-write semaphore ('rw_semaphore s')"),
    TIMER("timer", "a declared driver timer ('timer t runs fn')"),
    QUEUE("queue", "a declared request queue ('request_queue q timeout fn')"),
    REQUEST("request", "a declared request ('request rq on q')"),
    FLAG("flag", "a declared flag ('flag F')"),
    KREF("kref", "a declared reference count ('kref ref = 1')"),
    /** The controller ({@code controller ctrl = NEW}). */
    CONTROLLER("controller", "the controller ('controller ctrl = NEW' declares it)"),
    /** A flag, counter, var or request field: something a primitive writes. */
    PLACE("shared variable", "a flag, counter, var or request field"),
    /** A controller state (NEW, LIVE, ...). */
    STATE("controller state", "a controller state: NEW, LIVE, RESETTING, CONNECTING, DELETING, DELETING_NOIO, DEAD"),
    /** The name of a function of the spec (a release function, a callback). */
    FUNCTION("function", "the name of a function of this spec"),
    /** The saved irq flags of spin_lock_irqsave(): not modelled, but never a shared variable (a local, if given). */
    IRQ_FLAGS("irq flags", "a local variable for the saved irq flags (or leave the argument out: they are not modelled)"),
    /** Any value: a condition, a delay. Not checked beyond being a well-formed expression. */
    VALUE("value", "an expression");

    private final String word;
    private final String hint;

    ArgKind(String word, String hint) {
        this.word = word;
        this.hint = hint;
    }

    public String word() {
        return word;
    }

    /** What to pass instead, for the diagnostic. */
    public String hint() {
        return hint;
    }
}
