package reckon

// Version is reckon's version, stored with every estimate and link run so
// that a result can be traced to the code that made it. It changes
// whenever a stored result would come out differently from the same input
// and seed: 0.2 draws LCMCR's random numbers another way (the same
// posterior, other samples), draws the stepwise bootstrap as R's
// set.seed(seed) and rmultinom do (so a seed reproduces SparseMSE), and
// adds Mb and Mbh to the log-linear table.
const Version = "0.2.0-dev"
