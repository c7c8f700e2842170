package reconcile

import "github.com/reckonhq/reckon"

// assumptions says in a sentence, in plain words, what each method
// assumes: what must hold of the lists for its figure to be right.
var assumptions = map[reckon.Method]string{
	"minimum":   "Distinct persons named by any list after record linkage. A floor: every list misses people.",
	"loglinear": "Poisson log-linear model of the lists' overlaps, chosen by BIC among hierarchical models: assumes that lists not joined by an interaction of the chosen model are independent, within the population or stratum estimated, and that the chosen interactions capture any dependence and any difference between people in their chance of being listed; its profile interval takes the chosen model as known (the interval allowing for the choice, and the BIC-weighted average of models, are given beside it).",
	"stepwise":  "Stepwise selection of two-list interactions (Chan, Silverman and Vincent 2021) with a check that the estimate exists: assumes, like the log-linear model, that lists are independent except through the interactions it selects; the BCa bootstrap interval repeats the selection on every replicate.",
	"lcmcr":     "Bayesian latent-class model (Manrique-Vallier 2016): people fall into classes with their own capture probabilities, which models heterogeneity; 95% posterior interval.",
	"closedp":   "Best by BIC of Rcapture's closed-population models (M0, Mt, Mh and Mth with Chao, Poisson, Darroch or Gamma heterogeneity, Mb, Mbh): assumes the lists are independent given a capture probability that varies between people in the chosen form, or changes after a first capture.",
	"chao":      "Chao's (1987) lower bound from the people seen on one and on two lists: assumes no model, holds under any heterogeneity of capture, and is a floor on the total, not an estimate of it; the sample-coverage estimate (Chao and Tsay 1998) is given beside it.",
	"dga":       "Bayesian model averaging over the decomposable graphical models of the lists (Madigan and York 1997): each graph lets groups of lists depend on one another, the posterior weighs every graph by how well it fits; assumes the lists' dependence is captured by some such graph and does not model heterogeneity apart from it; 95% posterior interval.",
}

// behaviour says in a sentence how each method's 95% interval behaved in
// reckon's coverage study (README, "How the estimators behave": reckon
// synth coverage --method all --true-linkage, 30 populations of 2,000 on
// 4 lists per scenario, and 100 on 8 lists with heterogeneity), so that a
// reader weighs the figure by its record.
var behaviour = map[reckon.Method]string{
	"loglinear": "In reckon's coverage study its interval covered the truth in 100% of trials with independent lists, 80–97% with heterogeneity or with dependence alone, 47% with both, never when the lists caught few (mean error −36%), and 60% with 8 lists and heterogeneity.",
	"stepwise":  "In reckon's coverage study its interval covered the truth in 90% of trials with independent lists or dependent ones, 10–97% with heterogeneity, 7% with heterogeneity and dependence together, never when the lists caught few, and 13% with 8 lists and heterogeneity.",
	"lcmcr":     "In reckon's coverage study its interval covered the truth in 100% of trials with independent lists, 0–67% with heterogeneity or dependence (it fell 8–20% short), 3% when the lists caught few, and 18% with 8 lists and heterogeneity (4.5% short).",
	"closedp":   "In reckon's coverage study its interval covered the truth in 83% of trials with independent lists, 57–77% with heterogeneity, 3% with dependent lists, 50% when the lists caught few, where it was the least biased, and 81% with 8 lists and heterogeneity.",
	"chao":      "In reckon's coverage study it stayed below the truth whenever capture varied between people, as a lower bound should.",
	"dga":       "In reckon's coverage study its interval covered the truth in 100% of trials with independent or dependent lists, 3–80% with heterogeneity (10–30% short), 0% with heterogeneity and dependence together, when the lists caught few, or with 8 lists and heterogeneity (6.4% short).",
}

// Assumption returns the sentences saying what method m assumes and, for
// the estimators, how its interval behaved in reckon's coverage study;
// "" for a method it does not know.
func Assumption(m reckon.Method) string {
	a, ok := assumptions[m]
	if !ok {
		return ""
	}
	if b := behaviour[m]; b != "" {
		a += " " + b
	}
	return a
}
