//! A CPU-time budget for reading one article.
//!
//! A page can be written to make a reader work for hours. Every read runs
//! inside [`ReadBudget::run`], and the loops of extraction and of the fact
//! extractor call [`tick`]; once the thread has used the budget's CPU time,
//! `tick` unwinds out of the work, so the work really stops (nothing keeps
//! running in the background), and `run` returns [`TooLong`].
//!
//! CPU time rather than wall time: a read that waits for a core on a busy
//! machine has not been slow, and only CPU time measures what a page costs.
//! One budget may cover several stages (extraction on one blocking thread,
//! facts on another): the time used is added up across its `run`s.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Ticks between two looks at the clock: a tick is a counter.
const CHECK_EVERY: u32 = 64;

/// How old the last reading of the CPU clock may be for a budget's start to
/// take it instead of reading the clock again (see [`cpu_nanos_since`]).
const FRESH: Duration = Duration::from_micros(100);

/// A read went past its CPU budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this page took too long to read (more than {} s of CPU time)", secs(.limit))]
pub struct TooLong {
    pub limit: Duration,
}

fn secs(d: &Duration) -> String {
    let s = format!("{:.2}", d.as_secs_f64());
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The CPU time one read may use, shared by the stages of that read.
#[derive(Debug, Clone)]
pub struct ReadBudget {
    limit: Option<Duration>,
    used_nanos: Arc<AtomicU64>,
}

/// The unwinding payload that carries "time is up" out of the work.
struct Expired;

thread_local! {
    /// Thread CPU time (ns) at which the innermost running budget expires.
    static DEADLINE: Cell<Option<u64>> = const { Cell::new(None) };
    static COUNTDOWN: Cell<u32> = const { Cell::new(CHECK_EVERY) };
    /// This thread's last CPU-time reading (ns) and the wall clock then.
    static LAST_READING: Cell<Option<(u64, Instant)>> = const { Cell::new(None) };
}

impl ReadBudget {
    pub fn new(limit: Duration) -> ReadBudget {
        ReadBudget {
            limit: Some(limit),
            used_nanos: Arc::new(AtomicU64::new(0)),
        }
    }

    /// From a setting in seconds; zero or less means no limit.
    pub fn from_secs(secs: f64) -> ReadBudget {
        if secs > 0.0 && secs.is_finite() {
            ReadBudget::new(Duration::from_secs_f64(secs))
        } else {
            ReadBudget::unlimited()
        }
    }

    pub fn unlimited() -> ReadBudget {
        ReadBudget {
            limit: None,
            used_nanos: Arc::new(AtomicU64::new(0)),
        }
    }

    /// CPU time used so far by this budget's runs.
    pub fn used(&self) -> Duration {
        Duration::from_nanos(self.used_nanos.load(Ordering::Relaxed))
    }

    /// Run `work` on this thread within what is left of the budget. The work
    /// is stopped at its next [`tick`] once the budget is spent.
    pub fn run<T>(&self, work: impl FnOnce() -> T) -> Result<T, TooLong> {
        let Some(limit) = self.limit else {
            return Ok(work());
        };
        let limit_nanos = nanos(limit);
        let left = limit_nanos.saturating_sub(self.used_nanos.load(Ordering::Relaxed));
        if left == 0 {
            return Err(TooLong { limit });
        }
        // A reading taken moments ago (the run before, on this thread) is a
        // lower bound of the time now: the deadline can only come earlier,
        // and the time used is counted at most FRESH too high.
        let start = cpu_nanos_since(FRESH).unwrap_or_else(read_cpu_nanos);
        let own = start.saturating_add(left);
        // A budget run inside another keeps the earlier of the two deadlines.
        let outer = DEADLINE.get();
        DEADLINE.set(Some(outer.map_or(own, |o| o.min(own))));
        let result = panic::catch_unwind(AssertUnwindSafe(work));
        DEADLINE.set(outer);
        let now = read_cpu_nanos();
        self.used_nanos
            .fetch_add(now.saturating_sub(start), Ordering::Relaxed);
        match result {
            Ok(value) => Ok(value),
            Err(payload) if payload.is::<Expired>() && now >= own => Err(TooLong { limit }),
            // An outer budget ran out, or a real panic: not ours to handle.
            Err(payload) => panic::resume_unwind(payload),
        }
    }
}

/// Called from the loops of the readers: stops the work when the running
/// budget is spent. Costs a counter decrement almost every time, and nothing
/// outside a budget.
#[inline]
pub fn tick() {
    let left = COUNTDOWN.get();
    if left > 1 {
        COUNTDOWN.set(left - 1);
        return;
    }
    COUNTDOWN.set(CHECK_EVERY);
    check();
}

/// Look at the clock now (for loops whose single steps are long).
pub fn check() {
    if let Some(deadline) = DEADLINE.get() {
        // A thread cannot have used more CPU time than wall time has passed
        // since its last reading: while that bound is short of the deadline,
        // the CPU clock (a system call, ~0.25 µs) need not be read. The wall
        // clock is read without one.
        let bound = LAST_READING
            .get()
            .map(|(cpu, at)| cpu.saturating_add(nanos(at.elapsed())));
        if bound.is_some_and(|b| b < deadline) {
            return;
        }
        if read_cpu_nanos() >= deadline {
            // resume_unwind, not panic!: no panic hook runs, so nothing is
            // printed or reported as a crash.
            panic::resume_unwind(Box::new(Expired));
        }
    }
}

/// The thread's last CPU-time reading, if it is at most `age` old.
fn cpu_nanos_since(age: Duration) -> Option<u64> {
    LAST_READING
        .get()
        .filter(|(_, at)| at.elapsed() <= age)
        .map(|(cpu, _)| cpu)
}

/// [`thread_cpu_nanos`], remembered with the wall clock for [`check`].
fn read_cpu_nanos() -> u64 {
    let cpu = thread_cpu_nanos();
    LAST_READING.set(Some((cpu, Instant::now())));
    cpu
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// CPU time used by the calling thread, in nanoseconds.
fn thread_cpu_nanos() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given, which lives
    // on this stack frame for the whole call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0;
    }
    (ts.tv_sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(ts.tv_nsec as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spin_forever() -> u64 {
        let mut n: u64 = 0;
        loop {
            n = n.wrapping_add(1);
            std::hint::black_box(n);
            tick();
        }
    }

    #[test]
    fn work_past_the_budget_stops_with_too_long() {
        let budget = ReadBudget::new(Duration::from_millis(30));
        let err = budget.run(spin_forever).unwrap_err();
        assert_eq!(err.limit, Duration::from_millis(30));
        assert!(err
            .to_string()
            .starts_with("this page took too long to read"));
        assert!(budget.used() >= Duration::from_millis(30));
        // The budget is spent: a later stage of the same read is refused at once.
        assert!(budget.run(|| 1).is_err());
        // Outside a budget, ticks do nothing.
        for _ in 0..1000 {
            tick();
        }
    }

    #[test]
    fn work_within_the_budget_returns_its_value() {
        let budget = ReadBudget::new(Duration::from_secs(60));
        assert_eq!(budget.run(|| 2 + 2), Ok(4));
        assert_eq!(ReadBudget::from_secs(0.0).run(|| 5), Ok(5));
    }

    #[test]
    fn an_outer_budget_expiring_inside_an_inner_one_is_the_outer_ones() {
        let outer = ReadBudget::new(Duration::from_millis(20));
        let inner = ReadBudget::new(Duration::from_secs(60));
        let result = outer.run(|| inner.run(spin_forever));
        assert!(result.is_err());
    }

    #[test]
    fn waiting_is_not_counted_as_work() {
        // Wall time passes far beyond the budget; CPU time does not, and the
        // wall-time bound only spares reading the CPU clock, never stops work.
        let budget = ReadBudget::new(Duration::from_millis(5));
        let done = budget.run(|| {
            std::thread::sleep(Duration::from_millis(30));
            check();
            for _ in 0..1000 {
                tick();
            }
            7
        });
        assert_eq!(done, Ok(7));
        assert!(budget.used() < Duration::from_millis(5));
    }

    #[test]
    fn real_panics_pass_through() {
        let caught = std::panic::catch_unwind(|| {
            ReadBudget::new(Duration::from_secs(60)).run(|| panic!("a bug"))
        });
        assert!(caught.is_err());
    }
}
