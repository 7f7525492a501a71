//! Two-way data parallelism for the image passes on one photo's critical path.
//!
//! With one photo at a time (`-j1`, or a single photo) the outline search runs while the second
//! core is idle: the portrait's face search can only start once the page is found. The passes
//! over whole images there (shrinking, blurring, edge thinning) fill their output rows in two
//! halves, the second half on a scoped thread of its own. Each output row is computed by the
//! same code from the same inputs whichever half it falls in, so the result is the same as one
//! pass (tested in each caller).
//!
//! Plain scoped threads rather than `rayon::join`: the checks run inside the pipeline's
//! one-thread judging pool or on a batch worker of the global pool, whose threads are all busy
//! with photos; a join there would run both halves on this thread.

/// Items under which the work stays on this thread (a thread costs ~50 µs to start; a pass over
/// 64k pixels about as much).
const MIN_ITEMS: usize = 1 << 16;

/// Runs `f(first_row, rows)` over `data`, whose rows are `row_len` items long, in two halves on
/// two threads (or in one piece when small or when no thread can be started).
pub(crate) fn halves<T: Send + Copy>(
    data: &mut [T],
    row_len: usize,
    f: impl Fn(usize, &mut [T]) + Sync,
) {
    halves2(data, &mut [0u8; 0][..], row_len, 0, |y, a, _| f(y, a));
}

/// [`halves`] over two outputs with the same rows (`a_len` and `b_len` items per row).
pub(crate) fn halves2<A: Send + Copy, B: Send + Copy>(
    a: &mut [A],
    b: &mut [B],
    a_len: usize,
    b_len: usize,
    f: impl Fn(usize, &mut [A], &mut [B]) + Sync,
) {
    let rows = a.len().checked_div(a_len).unwrap_or(0);
    if rows < 2 || a.len() + b.len() < MIN_ITEMS {
        f(0, a, b);
        return;
    }
    let mid = rows / 2;
    touch_pages(a);
    touch_pages(b);
    let (a0, a1) = a.split_at_mut(mid * a_len);
    let (b0, b1) = b.split_at_mut((mid * b_len).min(b.len()));
    // the second half is taken by whichever runs it: the thread, or this one when no thread
    // could be started
    let second = std::sync::Mutex::new(Some((a1, b1)));
    let run_second = || {
        let half = second.lock().map(|mut s| s.take()).unwrap_or(None);
        if let Some((a1, b1)) = half {
            f(mid, a1, b1);
        }
    };
    std::thread::scope(|s| {
        let thread = std::thread::Builder::new().spawn_scoped(s, run_second);
        f(0, a0, b0);
        match thread {
            Ok(t) => t
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => run_second(),
        }
    });
}

/// Writes one item per memory page of `data` (its own value back), so that the pages of a fresh
/// allocation are mapped by this thread before two threads fill it. A zeroed allocation is
/// mapped lazily: its first write faults, and with two threads of the process running each such
/// fault also flushes the other core's address cache and contends for the page-table lock. The
/// 12 MP selfie run (whose recapture check runs the outline search) spent 27 % of its samples in
/// page faults with two threads faulting, 14 % with the pages touched first; whole runs, 10 in a
/// row alternated: 2.31/2.53 s untouched, 2.11/2.13 s touched, 2.33/2.40 s before any split.
fn touch_pages<T: Copy>(data: &mut [T]) {
    let step = (4096 / std::mem::size_of::<T>().max(1)).max(1);
    for i in (0..data.len()).step_by(step) {
        let v = data[i];
        data[i] = std::hint::black_box(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_halves_are_filled_with_their_own_rows() {
        for (rows, row_len) in [(1, 10), (3, 5), (257, 300), (1000, 131)] {
            let mut a = vec![0usize; rows * row_len];
            let mut b = vec![0u32; rows * 2];
            halves2(&mut a, &mut b, row_len, 2, |first, a, b| {
                for (i, row) in a.chunks_exact_mut(row_len).enumerate() {
                    row.iter_mut().for_each(|v| *v = first + i);
                }
                for (i, row) in b.chunks_exact_mut(2).enumerate() {
                    row.iter_mut().for_each(|v| *v = (first + i) as u32);
                }
            });
            for (y, row) in a.chunks_exact(row_len).enumerate() {
                assert!(row.iter().all(|&v| v == y), "{rows} rows: row {y}");
            }
            for (y, row) in b.chunks_exact(2).enumerate() {
                assert!(row.iter().all(|&v| v == y as u32), "{rows} rows: row {y}");
            }
        }
    }
}
