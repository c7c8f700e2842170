// Package mse estimates the size of a population from the overlaps of
// several incomplete lists of it: multiple systems estimation (MSE), also
// called capture–recapture.
//
// The input is a [Table] of capture histories: for each pattern of lists,
// how many people were seen on exactly those lists. The methods are plain
// functions on plain values:
//
//   - [LogLinear]: Poisson log-linear models fitted on the 2^J−1 observable
//     cells (independence, every hierarchical model up to a maximum order,
//     and the twelve models of Rcapture's closedp.t: M0, Mt, the
//     heterogeneity models Mh and Mth (Chao, Poisson, Darroch, Gamma) and
//     the behavioural models Mb and Mbh of Rivest and Lévesque (2001)),
//     ranked by AIC and BIC, with profile-likelihood intervals for N
//     (Cormack 1992) where the model has one. Beyond 2^20 hierarchical
//     models (7 lists or more at order 2) a greedy search on BIC and AIC
//     replaces the exhaustive one, and the result says it is not
//     exhaustive (bounded.go).
//   - [Closedp]: the closedp.t models on their own, on 2 to 30 lists
//     however many hierarchical models those would give.
//   - [LowerBound]: Chao's (1987) lower bound and Chao and Tsay's (1998)
//     sample-coverage estimator, which need no model, on any number of
//     lists.
//   - [Stepwise]: the stepwise selection of Chan, Silverman and Vincent
//     (2021) with existence and identifiability checks of the MLE and BCa
//     bootstrap intervals.
//   - [LCMCR]: the Bayesian latent-class model of Manrique-Vallier (2016),
//     sampled by Gibbs on the aggregated cells, several chains in parallel.
//   - [SelectionInterval]: BCa bootstrap intervals for the log-linear
//     estimate that allow for the choice of model by BIC (Silverman, Chan
//     and Vincent 2024), and for the BIC-weighted average of the models.
//   - [DGA]: Bayesian model averaging over the decomposable graphical
//     models of the lists (Madigan and York 1997) with a hyper-Dirichlet
//     prior, as the dga R package: every graph for up to five lists, MC3
//     sampling of graphs (an approximation, said so) beyond.
//
// Estimates computed on several draws of the linkage are combined by
// [Rubin] (Rubin's rules on log N) or, for posterior samples, by [Pool].
// Estimates of the strata of a population are summed by [SumStrata], from
// draws of each stratum's total: posterior samples ([DGAResult.Sample] for
// dga), a parametric bootstrap of a fitted model ([ModelFit.Replicates]) or
// any estimator's values on resampled tables ([BootstrapOf]).
//
// [Estimate] runs the chosen methods and returns a [Result] that marshals
// to the JSON contract of `reckon mse`.
//
// # Conventions
//
// Bit j of a pattern or a [Term] stands for list j (Table.Lists[j]).
// Terms are named with list names joined by ":" ("EXH:ABA"); models are
// also shown in Rcapture's bracket notation, numbering the lists from 1
// ("[123,14,34]").
//
// # References
//
//   - Rivest, L.-P. and Baillargeon, S., Rcapture (CRAN, 1.4-4).
//   - Chao, A. (1987). Estimating the population size for
//     capture-recapture data with unequal catchability. Biometrics 43,
//     783–791.
//   - Chao, A. and Tsay, P. K. (1998). A sample coverage approach to
//     multiple-system estimation with application to census undercount.
//     JASA 93, 283–293.
//   - Darroch, J. N., Fienberg, S. E., Glonek, G. F. V. and Junker, B. W.
//     (1993). A three-sample multiple-recapture approach to census
//     population estimation with heterogeneous catchability. JASA 88,
//     1137–1148.
//   - Rivest, L.-P. and Baillargeon, S. (2007). Applications and
//     extensions of Chao's moment estimator for the size of a closed
//     population. Biometrics 63, 999–1006.
//   - Cormack, R. M. (1992). Interval estimation for mark-recapture studies
//     of closed populations. Biometrics 48, 567–576.
//   - Chan, L., Silverman, B. W. and Vincent, K. (2021). Multiple systems
//     estimation for sparse capture data. JASA 116, 1297–1306.
//   - Haberman, S. J. (1974). The Analysis of Frequency Data. University
//     of Chicago Press (Theorem 2.3: existence of the MLE).
//   - Fienberg, S. E. and Rinaldo, A. (2012). Maximum likelihood estimation
//     in log-linear models. Ann. Statist. 40, 996–1023.
//   - Manrique-Vallier, D. (2016). Bayesian population size estimation
//     using Dirichlet process mixtures. Biometrics 72, 1246–1254.
//   - Hörmann, W. (1993). The generation of binomial random variates.
//     J. Statist. Comput. Simul. 46, 101–110.
//   - Madigan, D. and York, J. C. (1997). Bayesian methods for estimation
//     of the size of a closed population. Biometrika 84, 19–31.
//   - Silverman, B. W., Chan, L. and Vincent, K. (2024). Bootstrapping
//     multiple systems estimates to account for model selection.
//     Statistics and Computing 34, 44.
//   - Rubin, D. B. (1987). Multiple Imputation for Nonresponse in
//     Surveys. Wiley.
//   - Buckland, S. T. and Garthwaite, P. H. (1991). Quantifying precision
//     of mark-recapture estimates using the bootstrap and related
//     methods. Biometrics 47, 255–268.
//   - Efron, B. and Tibshirani, R. J. (1993). An Introduction to the
//     Bootstrap. Chapman & Hall.
//   - Sadinle, M. (2018). Bayesian propagation of record linkage
//     uncertainty into population size estimation of human rights
//     violations. Ann. Appl. Stat. 12, 1013–1038.
//   - Vehtari, A. et al. (2021). Rank-normalization, folding, and
//     localization: an improved R-hat. Bayesian Analysis 16, 667–718.
package mse
