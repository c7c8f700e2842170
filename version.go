package reckon

// Version is reckon's version, stored with every estimate and link run so
// that a result can be traced to the code that made it.
const Version = "0.1.0-dev"
