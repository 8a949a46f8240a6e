// Package apisurface has no code. Its tests hold promises about the
// module's exported API that span packages, such as the shape of the
// sentinel errors of shasign, ogone, feedback and alias.
package apisurface
