package reconcile

// assumptions says in a sentence, in plain words, what each method
// assumes: what must hold of the lists for its figure to be right.
var assumptions = map[string]string{
	"minimum":   "Distinct persons named by any list after record linkage. A floor: every list misses people.",
	"loglinear": "Poisson log-linear model of the lists' overlaps, chosen by BIC among hierarchical models: assumes that lists not joined by an interaction of the chosen model are independent, within the population or stratum estimated, and that the chosen interactions capture any dependence and any difference between people in their chance of being listed; its profile interval takes the chosen model as known (the interval allowing for the choice, and the BIC-weighted average of models, are given beside it).",
	"stepwise":  "Stepwise selection of two-list interactions (Chan, Silverman and Vincent 2021) with a check that the estimate exists: assumes, like the log-linear model, that lists are independent except through the interactions it selects; the BCa bootstrap interval repeats the selection on every replicate.",
	"lcmcr":     "Bayesian latent-class model (Manrique-Vallier 2016): people fall into classes with their own capture probabilities, which models heterogeneity; 95% posterior interval.",
	"closedp":   "Best by BIC of Rcapture's closed-population models (M0, Mt, Mh and Mth with Chao, Poisson, Darroch or Gamma heterogeneity, Mb, Mbh): assumes the lists are independent given a capture probability that varies between people in the chosen form, or changes after a first capture.",
	"chao":      "Chao's (1987) lower bound from the people seen on one and on two lists: assumes no model, holds under any heterogeneity of capture, and is a floor on the total, not an estimate of it; the sample-coverage estimate (Chao and Tsay 1998) is given beside it.",
	"dga":       "Bayesian model averaging over the decomposable graphical models of the lists (Madigan and York 1997): each graph lets groups of lists depend on one another, the posterior weighs every graph by how well it fits; assumes the lists' dependence is captured by some such graph and does not model heterogeneity apart from it; 95% posterior interval.",
}

// Assumption returns the sentence saying what method m assumes; "" for a
// method it does not know.
func Assumption(m string) string { return assumptions[m] }
