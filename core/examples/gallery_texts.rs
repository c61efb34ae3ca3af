//! Prints the text of every gallery tile: a quick look without rendering.
fn main() {
    let now = openbalance_core::Timestamp(1_764_028_800_000 + 9 * 3_600_000);
    for s in openbalance_core::gallery::gallery(now) {
        if s.name.ends_with("-dark") {
            println!("{:32} {}", s.name, s.view.texts().join(" | "));
        }
    }
}
