/**
 * The request and decision JSON of DESIGN.md section 5, read strictly and written in a fixed field order.
 */
package dev.mayexec.json;
