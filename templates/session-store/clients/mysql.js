//# imports
import mysql from 'mysql2/promise';
//# setup
const pool = mysql.createPool(requireEnv('DATABASE_URL'));
//# shared
