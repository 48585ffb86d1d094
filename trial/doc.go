// Package trial runs a paired, sham-controlled trial: from a manifest of recordings and clinical scores
// to the per-patient measures and the real-vs-sham tables.
//
// In the trial each patient has real stimulation on one arm and sham on the other. A manifest (a CSV
// with header patient,side,treatment,visit,kind,file,distance_mm,value; see ReadManifest) lists every
// recording and score. FromManifest analyses each recording with the same library calls the single
// commands make (`endplate cmap`, `motor`, `fwave`, `rns`, `ach`, `cmapscan`), on a bounded number of
// goroutines, and returns a Trial: one Arm per patient, side and visit with its measures — the mean where
// an arm has several files of a kind, the k-th motor_wrist row paired with the k-th motor_elbow row for
// the conduction velocity.
//
// A Trial can also be built from Go values (Trial{Arms: …}). Its methods give the paired tables:
// Comparisons (real − sham per visit and, with two or more visits, the change from the first to the
// last: mean difference with its t-based 95 % confidence interval, paired t test, Wilcoxon signed-rank
// test) and ANOVAs (the one-way repeated-measures ANOVA over the treatment × visit cells with the
// Greenhouse–Geisser correction). The statistics are in package trial/stats.
//
// Visits are ordered as they first appear. A measure without data is absent from an Arm; NaN marks a
// measure whose file was analysed but could not give it (the single command's null). Pairs with a NaN on
// either side are dropped, and a comparison with fewer than two pairs is left out.
//
// Bad input never stops a trial: a missing or unreadable file, a recording the analysis rejects, a row
// with an unknown kind are each one error in Trial.Problems, and the rest is analysed.
package trial
